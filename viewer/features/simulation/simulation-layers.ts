import { COORDINATE_SYSTEM, type Layer } from '@deck.gl/core';
import { PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { EnuFrame, metresPerDegree } from '../../../core/geo/index.js';
import type { LonLat, NetworkLink } from '../../../core/model/index.js';
import type { CityData } from '../../data/city-data.js';
import { pipeFillColor, pipeFillWidthPx, pipeWaterPath } from './pipe-fill.js';

type Rgba = [number, number, number, number];
type Xyz = [number, number, number];

/** Pressure colour of a pipe after isolation: red at 0 m, amber below the threshold, green above 1.5× it. */
export function pressureColor(pressureM: number, thresholdM: number): Rgba {
  if (pressureM <= 0.1) return [200, 30, 30, 230];
  const t = Math.max(0, Math.min(1, pressureM / (thresholdM * 1.5)));
  return t < 1 / 1.5 ? [240, 150, 40, 230] : [Math.round(240 * (1 - t)), 200, 80, 210];
}

/**
 * deck.gl layers of a simulation result (local ENU metres, the overlay's frame): burst — pipes coloured by pressure
 * after isolation, the isolated segment in red, valves to close as yellow rings; gas leak — the LEL contours and the
 * evacuation zone of the playback frame's wind period and the envelope of all periods; storm — the water in the pipes at the frame (coloured and widened by fill) and marks over the manholes that surcharge or overflow (the water columns are 3D).
 */
export function simulationLayers(
  data: CityData,
  kind: string,
  result: Record<string, unknown>,
  frame: number,
): Layer[] {
  const f = new EnuFrame(data.city.center[0], data.city.center[1], 0);
  const xy = (p: readonly number[], h = 2): Xyz => {
    const [e, n] = f.toEnu(p[0]!, p[1]!, 0);
    return [e, n, h];
  };
  const common = { coordinateSystem: COORDINATE_SYSTEM.CARTESIAN };
  const layers: Layer[] = [];
  if (kind === 'burst') {
    const hyd = result.hydraulics as
      { linkIds: string[]; linkPressureAfterM: number[]; serviceThresholdM: number } | undefined;
    if (hyd) {
      const pipes = hyd.linkIds
        .map((id, i) => ({ link: data.linkById.get(id), p: hyd.linkPressureAfterM[i] ?? 0 }))
        .filter((x) => x.link);
      layers.push(
        new PathLayer<{ link: NetworkLink | undefined; p: number }>({
          id: 'sim-pressure',
          ...common,
          data: pipes,
          getPath: (x) => x.link!.path.map((q) => xy(q, 1)),
          getColor: (x) => pressureColor(x.p, hyd.serviceThresholdM),
          widthUnits: 'pixels',
          getWidth: 3,
        }) as unknown as Layer,
      );
    }
    const isolated = ((result.isolatedLinks as string[]) ?? [])
      .map((id) => data.linkById.get(id))
      .filter((l): l is NetworkLink => l !== undefined);
    layers.push(
      new PathLayer<NetworkLink>({
        id: 'sim-isolated',
        ...common,
        data: isolated,
        getPath: (l) => l.path.map((q) => xy(q, 2)),
        getColor: [230, 30, 60, 255],
        widthUnits: 'pixels',
        getWidth: 7,
      }) as unknown as Layer,
    );
    // Valve nodes, and EPANET valve links at the position the run gives for them (their path's middle).
    const valvePositions = (result.valvePositions as Record<string, LonLat> | undefined) ?? {};
    const valves = ((result.valvesToClose as string[]) ?? [])
      .map((id) => {
        const node = data.nodeById.get(id);
        const position = (result.valveLinksToClose as string[] | undefined)?.includes(id)
          ? valvePositions[id]
          : node?.position;
        return position ? { id, position } : undefined;
      })
      .filter((n) => n !== undefined);
    // Valves to close: a dark-ringed yellow disc over a white halo, numbered V1, V2... as in the panel's list, so a
    // crew matches each one on the map with its line; drawn over buildings (no depth test) so none is hidden.
    layers.push(
      new ScatterplotLayer({
        id: 'sim-valves-halo',
        ...common,
        data: valves,
        getPosition: (n) => xy(n.position, 3),
        getRadius: 15,
        radiusUnits: 'pixels',
        getFillColor: [255, 255, 255, 110],
        parameters: { depthCompare: 'always' },
      }) as unknown as Layer,
      new ScatterplotLayer({
        id: 'sim-valves',
        ...common,
        data: valves,
        getPosition: (n) => xy(n.position, 3),
        getRadius: 10,
        radiusUnits: 'pixels',
        stroked: true,
        getFillColor: [255, 210, 0, 250],
        getLineColor: [20, 20, 20, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        parameters: { depthCompare: 'always' },
      }) as unknown as Layer,
      new TextLayer({
        id: 'sim-valves-label',
        ...common,
        data: valves.map((n, i) => ({ n, label: valveLabel(i) })),
        getPosition: (d) => xy(d.n.position, 3),
        getText: (d) => d.label,
        getSize: 12,
        getColor: [255, 255, 255, 255],
        getPixelOffset: [0, -20],
        fontWeight: 700,
        outlineWidth: 3,
        outlineColor: [10, 10, 10, 255],
        fontSettings: { sdf: true },
        parameters: { depthCompare: 'always' },
      }) as unknown as Layer,
    );
    const buildings = new Set([
      ...((result.affectedBuildings as string[]) ?? []),
      ...((hyd as { lowPressureBuildings?: string[] } | undefined)?.lowPressureBuildings ?? []),
    ]);
    const footprints = [...buildings].flatMap(
      (id) =>
        data.buildingById.get(id)?.footprint.map((poly) => ({
          id,
          ring: poly[0]!.map((q) => xy(q, 3)),
          cut: (result.affectedBuildings as string[]).includes(id),
        })) ?? [],
    );
    layers.push(
      new PolygonLayer({
        id: 'sim-buildings',
        ...common,
        data: footprints,
        getPolygon: (b) => b.ring,
        getFillColor: (b) => (b.cut ? [230, 60, 60, 150] : [240, 160, 40, 140]),
        getLineColor: [255, 255, 255, 200],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
      }) as unknown as Layer,
    );
  } else if (kind === 'gas-leak') {
    // Under a changing wind the playback frame picks the wind period; the envelope of all periods stays outlined.
    type Period = { contours: { name: string; rings: number[][][] }[]; evacuationZone: number[][] };
    const periods = (result.periods as Period[] | undefined) ?? [];
    const shown: Period = periods[Math.min(frame, periods.length - 1)] ?? {
      contours: (result.contours as Period['contours']) ?? [],
      evacuationZone: (result.evacuationZone as number[][]) ?? [],
    };
    const colours: Record<string, Rgba> = {
      'lel-100': [220, 20, 20, 170],
      'lel-10': [245, 120, 20, 120],
      odour: [240, 220, 60, 80],
    };
    const rings = shown.contours
      .slice()
      .reverse()
      .flatMap((c) => c.rings.map((r) => ({ name: c.name, ring: r.map((q) => xy(q, 1)) })));
    layers.push(
      new PolygonLayer({
        id: 'sim-plume',
        ...common,
        data: rings,
        getPolygon: (r) => r.ring,
        getFillColor: (r) => colours[r.name] ?? [200, 200, 200, 80],
        stroked: false,
        updateTriggers: { getPolygon: frame },
      }) as unknown as Layer,
    );
    layers.push(
      new PathLayer({
        id: 'sim-evacuation',
        ...common,
        data: [shown.evacuationZone.map((q) => xy(q, 2))],
        getPath: (p) => p,
        getColor: [255, 255, 255, 230],
        widthUnits: 'pixels',
        getWidth: 2,
        updateTriggers: { getPath: frame },
      }) as unknown as Layer,
    );
    const envelope = (result.envelope as { zone: number[][][][] } | undefined)?.zone ?? [];
    if (periods.length > 1) {
      const outlines = envelope.flatMap((poly) => poly.map((ring) => ring.map((q) => xy(q, 2.5))));
      layers.push(
        new PathLayer({
          id: 'sim-envelope',
          ...common,
          data: outlines,
          getPath: (p) => p,
          getColor: [255, 80, 200, 230],
          widthUnits: 'pixels',
          getWidth: 3,
        }) as unknown as Layer,
      );
    }
  } else if (kind === 'storm') {
    const tl = result.timeline as
      { nodeIds: string[]; nodeDepthM: number[][]; linkIds?: string[]; linkFill?: number[][] } | undefined;
    if (tl?.linkIds && tl.linkFill) {
      // The water in the pipes at the playback step: each wet pipe drawn at its water surface, coloured and widened by
      // how full it runs (manhole shafts get their 3D water columns from WaterColumns).
      const fills = tl.linkFill[Math.min(frame, tl.linkFill.length - 1)] ?? [];
      const mpd = metresPerDegree(data.city.center[1]);
      const wet = tl.linkIds
        .map((id, i) => ({ link: data.linkById.get(id), fill: fills[i] ?? 0 }))
        .filter((x): x is { link: NetworkLink; fill: number } => x.link !== undefined && x.fill > 0.02);
      layers.push(
        new PathLayer<{ link: NetworkLink; fill: number }>({
          id: 'sim-pipe-fill',
          ...common,
          data: wet,
          widthUnits: 'pixels',
          getPath: (x) =>
            pipeWaterPath(x.link, x.fill, data.city.groundElevationM, [mpd.lon, mpd.lat]).map((q) => xy(q, q[2])),
          getColor: (x) => pipeFillColor(x.fill),
          getWidth: (x) => pipeFillWidthPx(x.fill),
          updateTriggers: { getPath: frame, getColor: frame, getWidth: frame },
        }) as unknown as Layer,
      );
    }
    if (tl) {
      const depths = tl.nodeDepthM[Math.min(frame, tl.nodeDepthM.length - 1)] ?? [];
      const points = tl.nodeIds
        .map((id, i) => ({ node: data.nodeById.get(id), d: depths[i] ?? 0 }))
        .filter((x) => x.node && x.d > 0.05);
      layers.push(
        new ScatterplotLayer({
          id: 'sim-storm',
          ...common,
          data: points,
          getPosition: (x) => xy(x.node!.position, 2),
          radiusUnits: 'meters',
          radiusMinPixels: 2,
          // Ground marks over the manholes whose water column (drawn in 3D by WaterColumns) is critical: overflowing ones a
          // red 8 m disc, surcharged ones (under 0.5 m of freeboard) a 5 m amber ring; the rest only in 3D.
          getRadius: (x) => {
            const free = x.node!.groundM - x.node!.invertM - x.d;
            return free <= 0.01 ? 8 : free < 0.5 ? 5 : 0;
          },
          getFillColor: (x) => {
            const free = x.node!.groundM - x.node!.invertM - x.d;
            return free <= 0.01 ? [230, 20, 40, 150] : [245, 150, 30, 40];
          },
          stroked: true,
          getLineColor: (x) =>
            x.node!.groundM - x.node!.invertM - x.d <= 0.01 ? [255, 255, 255, 200] : [245, 150, 30, 230],
          lineWidthUnits: 'pixels',
          getLineWidth: 1.5,
          updateTriggers: { getRadius: frame, getFillColor: frame, getLineColor: frame },
        }) as unknown as Layer,
      );
    }
  }
  return layers;
}

/** The mark of the i-th valve to close on the map and in the list: V1, V2... */
export function valveLabel(i: number): string {
  return `V${i + 1}`;
}
