import { useEffect, useState } from 'react';
import { useEngine } from '../../engine/engine-context.js';
import type { Measurement } from '../../engine/measure-tool.js';
import { useT } from '../../state/i18n.js';
import { useViewerState, viewerStore, type MeasureTool } from '../../state/store.js';

/** Measurement tool buttons and the last result. */
export function MeasureBar() {
  const t = useT();
  const handle = useEngine();
  const tool = useViewerState((s) => s.tool);
  const [result, setResult] = useState<Measurement | null>(null);
  useEffect(() => handle?.engine.onMeasure(setResult), [handle]);
  const tools: MeasureTool[] = ['distance', 'height', 'depth'];
  const text =
    !result || result.pending
      ? tool !== 'none'
        ? t(`measure.hint.${tool as 'distance'}`)
        : ''
      : result.tool === 'depth'
        ? t('measure.result.depth', { value: result.valueM.toFixed(2) })
        : t('measure.result.distance', { value: result.valueM.toFixed(2) }) +
          (result.tool === 'distance' && result.horizontalM !== undefined
            ? ` (↔ ${result.horizontalM.toFixed(2)} m)`
            : '');
  return (
    <div className="measure-bar" aria-label={t('measure.title')}>
      <span className="muted">{t('measure.title')}</span>
      {tools.map((k) => (
        <button
          key={k}
          className={tool === k ? 'active' : ''}
          data-tool={k}
          onClick={() => viewerStore.set({ tool: tool === k ? 'none' : k })}
        >
          {t(`measure.${k}`)}
        </button>
      ))}
      {text && (
        <span className="measure-result" data-testid="measure-result">
          {text}
        </span>
      )}
    </div>
  );
}
