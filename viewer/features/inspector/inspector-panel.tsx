import { useEngine } from '../../engine/engine-context.js';
import { useT } from '../../state/i18n.js';
import { useViewerState, viewerStore } from '../../state/store.js';
import { BuildingDetails, GridDetails, SensorDetails, formatAddress } from './element-details.js';
import { SimulateActions } from '../simulation/simulate-actions.js';
import { LinkDetails, NodeDetails } from './network-details.js';

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
        title = (language === 'en' ? (b.nameEn ?? b.name) : (b.name ?? b.nameEn)) ?? formatAddress(b) ?? b.id;
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
        title = `${t(`utility.${n.utility}`)} ${n.kind}${n.name ? ` · ${n.name}` : ''}`;
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
        title = s.name ?? s.id;
        body = <SensorDetails sensor={s} />;
      }
      break;
    }
    case 'grid': {
      const g = data.cellById.get(selection.id);
      if (g) {
        title = language === 'en' && g.nameEn ? g.nameEn : g.name;
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
