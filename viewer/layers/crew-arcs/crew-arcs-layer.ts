import { COORDINATE_SYSTEM, type Layer } from '@deck.gl/core';
import { ArcLayer, ScatterplotLayer } from '@deck.gl/layers';
import { EnuFrame } from '../../../core/geo/index.js';
import type { Grid } from '../../../core/model/index.js';
import type { CrewAnswer as Crew } from '../../../core/contracts/index.js';
import type { CityData } from '../../data/city-data.js';
import { crewArcsFor, type CrewArc, type Incident } from './crew-arcs-data.js';
import { CREW_ARC_COLORS, CREW_ARC_WIDTH_PX, INCIDENT_COLOR } from './crew-arcs-style.js';
import type { DeckOverlay } from '../../engine/deck-overlay.js';
import { loadCrewDirectory as loadCrews } from '../../data/crew-directory.js';

/** Overlay keys of the arcs and of their end markers. */
export const CREW_ARCS_KEY = 'crew-arcs';
const ENDS_KEY = 'crew-arc-ends';
/** Above the analytics and KPI layers, below the sensors. */
const ORDER = 50;

/** Every crew of the city with its base (`/api/crews`, loaded once per page and shared with the events board). */
export async function loadCrewDirectory(_cells: readonly Grid[]): Promise<Crew[]> {
  return [...(await loadCrews()).values()];
}

type ArcRow = CrewArc & { source: [number, number, number]; target: [number, number, number] };

/**
 * Arcs from crew bases to an incident on the deck.gl overlay (see {@link crewArcsFor} for which crews): the crew
 * directory is loaded once, on the first incident. The arcs hide with their layer toggle and keep their incident,
 * so turning the layer back on redraws them.
 */
export class CrewArcs {
  private crews: Promise<Crew[]> | null = null;
  private incident: Incident | null = null;
  private visible = true;
  private drawn: CrewArc[] = [];
  private generation = 0;
  private destroyed = false;
  private readonly frame: EnuFrame;
  private readonly listeners = new Set<(arcs: readonly CrewArc[]) => void>();

  constructor(
    private readonly overlay: DeckOverlay,
    private readonly data: Pick<CityData, 'city' | 'cells'>,
    private readonly loadCrews: (cells: readonly Grid[]) => Promise<Crew[]> = loadCrewDirectory,
  ) {
    this.frame = new EnuFrame(data.city.center[0], data.city.center[1], 0);
  }

  /** Draws the arcs of an incident, or clears them (null). Resolves once drawn. */
  async show(incident: Incident | null): Promise<void> {
    this.incident = incident;
    const generation = ++this.generation;
    if (!incident) return this.draw([]);
    this.crews ??= this.loadCrews(this.data.cells).catch((err: unknown) => {
      // A failed directory load is retried with the next incident.
      this.crews = null;
      console.warn('crew directory not loaded:', err);
      return [];
    });
    const crews = await this.crews;
    if (generation !== this.generation || this.destroyed) return;
    this.draw(crewArcsFor(incident, crews, this.data.cells));
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    this.draw(this.drawn);
  }

  /** The arcs of the incident shown (also while the layer is hidden). */
  arcs(): readonly CrewArc[] {
    return this.drawn;
  }

  /** The incident whose arcs are shown, or null. */
  current(): Incident | null {
    return this.incident;
  }

  /** Called with the arcs whenever they change (the legend lists them). */
  onChange(listener: (arcs: readonly CrewArc[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private enu(lonLat: readonly [number, number], heightM: number): [number, number, number] {
    const [e, n] = this.frame.toEnu(lonLat[0], lonLat[1], 0);
    return [e, n, heightM];
  }

  private draw(arcs: CrewArc[]): void {
    if (this.destroyed) return;
    this.drawn = arcs;
    for (const l of this.listeners) l(arcs);
    if (!this.visible || arcs.length === 0) {
      this.overlay.setFeatureLayer(CREW_ARCS_KEY, null);
      this.overlay.setFeatureLayer(ENDS_KEY, null);
      return;
    }
    const rows: ArcRow[] = arcs.map((a) => ({ ...a, source: this.enu(a.from, 3), target: this.enu(a.to, 3) }));
    const common = { coordinateSystem: COORDINATE_SYSTEM.CARTESIAN };
    const arcLayer = new ArcLayer<ArcRow>({
      id: CREW_ARCS_KEY,
      ...common,
      data: rows,
      getSourcePosition: (r) => r.source,
      getTargetPosition: (r) => r.target,
      getSourceColor: (r) => CREW_ARC_COLORS[r.role],
      getTargetColor: INCIDENT_COLOR,
      getWidth: (r) => CREW_ARC_WIDTH_PX[r.role],
      widthUnits: 'pixels',
      getHeight: 0.35,
    });
    type End = { at: [number, number, number]; color: [number, number, number, number]; radius: number };
    const ends: End[] = [
      ...rows.map((r) => ({ at: r.source, color: CREW_ARC_COLORS[r.role], radius: 6 })),
      { at: rows[0]!.target, color: INCIDENT_COLOR, radius: 8 },
    ];
    const endsLayer = new ScatterplotLayer<End>({
      id: ENDS_KEY,
      ...common,
      data: ends,
      getPosition: (e) => e.at,
      getFillColor: (e) => e.color,
      getRadius: (e) => e.radius,
      radiusUnits: 'pixels',
      billboard: true,
      stroked: true,
      getLineColor: [255, 255, 255, 230],
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
    });
    this.overlay.setFeatureLayer(CREW_ARCS_KEY, arcLayer as unknown as Layer, ORDER);
    this.overlay.setFeatureLayer(ENDS_KEY, endsLayer as unknown as Layer, ORDER + 1);
  }

  destroy(): void {
    this.destroyed = true;
    this.overlay.setFeatureLayer(CREW_ARCS_KEY, null);
    this.overlay.setFeatureLayer(ENDS_KEY, null);
    this.listeners.clear();
  }
}
