import type { Building } from '../../core/model/index.js';

export interface InspectorPanelProps {
  building: Building;
  onClose: () => void;
}

function formatAddress(b: Building): string | undefined {
  return b.address ? `${b.address.street}${b.address.number ?? ''}` : undefined;
}

/** Side panel with the attributes of the selected building. */
export function InspectorPanel({ building: b, onClose }: InspectorPanelProps) {
  const rows: [string, string | number | undefined][] = [
    ['Id', b.id],
    ['Address', formatAddress(b)],
    ['Name (en)', b.nameEn],
    ['Height', `${b.roofHeightM.toFixed(1)} m${b.heightEstimated ? ' (estimated)' : ''}`],
    ['Base', `${b.baseHeightM.toFixed(1)} m`],
    ['Floors', b.floors],
    ['Use', b.use],
    ['Population', b.population],
    ['Grid', b.gridId ?? '—'],
    ['Source', `${b.provenance.source}${b.provenance.sourceId ? ` #${b.provenance.sourceId}` : ''}`],
  ];
  return (
    <aside className="inspector" aria-label="Inspector">
      <button className="close" onClick={onClose} aria-label="Close">×</button>
      <div className="kind">Building</div>
      <h2>{b.name ?? formatAddress(b) ?? b.id}</h2>
      <dl>
        {rows.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd data-field={k.toLowerCase()}>{v}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
