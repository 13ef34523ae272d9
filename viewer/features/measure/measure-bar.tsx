import { useEffect, useState } from 'react';
import { useEngine } from '../../engine/engine-context.js';
import type { Measurement } from '../../engine/measure-tool.js';
import { formatArea, formatLength } from '../../engine/measure-geometry.js';
import { useT } from '../../state/i18n.js';
import { useViewerState, viewerStore, type MeasureTool } from '../../state/store.js';

/** Measurement tool buttons and the last result. */
export function MeasureBar() {
  const t = useT();
  const handle = useEngine();
  const tool = useViewerState((s) => s.tool);
  const [result, setResult] = useState<Measurement | null>(null);
  useEffect(() => handle?.engine.onMeasure(setResult), [handle]);
  const lang = useViewerState((s) => s.language);
  const tools: MeasureTool[] = ['distance', 'area', 'height', 'depth'];
  const hint = tool !== 'none' ? t(`measure.hint.${tool as 'distance'}`) : '';
  let text = hint;
  if (result && !result.pending) {
    if (result.tool === 'depth') text = t('measure.result.depth', { value: result.valueM.toFixed(2) });
    else if (result.tool === 'height') text = t('measure.result.distance', { value: result.valueM.toFixed(2) });
    else if (result.tool === 'area')
      text = `${formatArea(result.valueM, lang)} · ${t('measure.result.points', { count: result.points ?? 0 })}`;
    else
      text =
        `${formatLength(result.valueM, lang)} · ` +
        `${t('measure.result.horizontal', { value: formatLength(result.horizontalM ?? 0, lang) })} · ` +
        t('measure.result.points', { count: result.points ?? 0 });
  }
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
