import { useEngine } from '../../engine/engine-context.js';
import { localName, useT } from '../../state/i18n.js';
import { useViewerState, viewerStore } from '../../state/store.js';
import { BuildingDetails, GridDetails, SensorDetails, formatAddress } from './element-details.js';
import { SimulateActions } from '../simulation/simulate-actions.js';
import { LinkDetails, NodeDetails } from './network-details.js';
import { elementName, sensorName } from './element-name.js';

/** Side panel for the selected building, pipe, node, sensor or grid cell. */
export function InspectorPanel() {
  const t = useT();
  const data = useEngine()?.data;
  const selection = useViewerState((s) => s.selection);
  const language = useViewerState((s) => s.language);
  if (!selection || !data) return null;
  let title: string = selection.id;
  let body: React.ReactNode = null;
  switch (selection.type) {
    case 'building': {
      const b = data.buildingById.get(selection.id);
      if (b) {
        title = localName(b, language) ?? formatAddress(b) ?? b.id;
        body = <BuildingDetails building={b} />;
      }
      break;
    }
    case 'link': {
      const l = data.linkById.get(selection.id);
      if (l) {
        title = `${t(`utility.${l.utility}`)} DN${l.diameterMm}${l.name ? ` · ${l.name}` : ''}`;
        body = (
          <>
            <SimulateActions link={l} />
            <LinkDetails link={l} />
          </>
        );
      }
      break;
    }
    case 'node': {
      const n = data.nodeById.get(selection.id);
      if (n) {
        title = elementName(data, selection, language) ?? n.id;
        body = (
          <>
            <SimulateActions node={n} />
            <NodeDetails node={n} />
          </>
        );
      }
      break;
    }
    case 'sensor': {
      const s = data.sensorById.get(selection.id);
      if (s) {
        title = sensorName(language, s);
        body = <SensorDetails sensor={s} />;
      }
      break;
    }
    case 'grid': {
      const g = data.cellById.get(selection.id);
      if (g) {
        title = localName(g, language) ?? g.id;
        body = <GridDetails cell={g} />;
      }
      break;
    }
  }
  return (
    <aside className="inspector" aria-label="Inspector" data-selection={`${selection.type}:${selection.id}`}>
      <button className="close" onClick={() => viewerStore.set({ selection: null })} aria-label={t('inspector.close')}>
        ×
      </button>
      <div className="kind">{t(`inspector.${selection.type}`)}</div>
      <h2>{title}</h2>
      {body}
    </aside>
  );
}
