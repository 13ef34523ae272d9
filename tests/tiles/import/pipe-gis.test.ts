import { describe, expect, it } from 'vitest';
import { localDistanceM } from '../../../core/geo/index.js';
import { NetworkLinkSchema, NetworkNodeSchema } from '../../../core/model/index.js';
import { facilityKindOf, importPipeGis } from '../../../tiles/import/pipe-gis.js';
import { snapLineEnds } from '../../../tiles/import/snap-topology.js';
import { fixture } from './fixtures.js';

const lines = fixture('sewer-gis-montpelier', 'MontpelierLinearFeatures.geojson');
const points = fixture('sewer-gis-montpelier', 'MontpelierPointFeatures.geojson');

describe('tiles/import/pipe-gis', () => {
  it('snapLineEnds snaps to facilities, joins meeting ends, and reports lone ends', () => {
    const r = snapLineEnds(
      [
        [
          [0, 0],
          [10, 0],
        ],
        [
          [10.5, 0.5],
          [20, 0],
        ],
        [
          [20.4, 0],
          [30, 0],
        ],
      ],
      [
        [0.5, 0],
        [20.2, 0],
      ],
      1,
    );
    expect(r.lineEnds[0]![0]).toEqual({ kind: 'facility', index: 0 });
    expect(r.lineEnds[1]![1]).toEqual({ kind: 'facility', index: 1 });
    expect(r.lineEnds[2]![0]).toEqual({ kind: 'facility', index: 1 });
    expect(r.lineEnds[0]![1]).toEqual(r.lineEnds[1]![0]); // 10,0 and 10.5,0.5 are 0.7 m apart
    expect(r.joinedEnds).toBe(2);
    expect(r.unsnapped).toEqual([{ line: 2, end: 1 }]);
    expect(r.snappedToFacility).toBe(3);
  });

  it('maps facility types', () => {
    expect(facilityKindOf('Sanitary Manhole')).toBe('manhole');
    expect(facilityKindOf('CB tied to Sanitary Sewer')).toBe('inlet');
    expect(facilityKindOf('Known CSO Outfalls')).toBe('outfall');
    expect(facilityKindOf('Other - insert comment')).toBeUndefined();
  });

  it('imports Montpelier: abandoned skipped, every end accounted for, assumptions stated', () => {
    const doc = JSON.parse(lines) as { features: { properties: { Status: string } }[] };
    const pts = JSON.parse(points) as { features: { properties: { Status: string } }[] };
    const abandoned =
      doc.features.filter((f) => f.properties.Status === 'Abandoned').length +
      pts.features.filter((f) => f.properties.Status === 'Abandoned').length;
    const r = importPipeGis(lines, points, {
      source: 'MontpelierLinearFeatures.geojson',
      pointsSource: 'MontpelierPointFeatures.geojson',
    });
    expect(r.report.errors).toEqual([]);
    const c = r.report.counts;
    expect(c.skippedAbandoned).toBe(abandoned);
    const existingLines = doc.features.length - doc.features.filter((f) => f.properties.Status === 'Abandoned').length;
    // Every end of every kept line either snapped to a facility, met other ends, or is reported as unsnapped.
    expect(c.snappedToFacility! + c.joinedEnds! + c.unsnappedEnds!).toBe(2 * existingLines);
    expect(r.parts!.links.length + (c.skippedLoops ?? 0)).toBe(existingLines);
    expect(c.snappedToFacility).toBeGreaterThan(existingLines); // most ends do meet a manhole within 2 m
    expect(
      r.report.warnings.filter((w) => /meets no facility/.test(w.message)).length + (c.warningsNotListed ?? 0),
    ).toBeGreaterThanOrEqual(c.unsnappedEnds!);
    const text = r.report.assumptions.join(' ');
    expect(text).toMatch(/no diameter: assumed sewer 200 mm/);
    expect(text).toMatch(/2.5 m deep/);
    const { nodes, links, networks } = r.parts!;
    expect(networks.map((n) => n.utility)).toEqual(['sewer']);
    expect(nodes.filter((n) => n.kind === 'outfall')).toHaveLength(6);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (const l of links) {
      const a = byId.get(l.fromNodeId)!,
        b = byId.get(l.toNodeId)!;
      expect(a && b, `link ${l.id} ends`).toBeTruthy();
      expect(l.fromInvertM).toBeGreaterThanOrEqual(l.toInvertM); // falls along the digitised direction
      expect(l.path[0]).toEqual(a.position);
      expect(l.path[l.path.length - 1]).toEqual(b.position);
      expect(NetworkLinkSchema.safeParse(l).success).toBe(true);
    }
    expect(links.some((l) => l.attributes.combined === true)).toBe(true);
    for (const n of nodes) expect(NetworkNodeSchema.safeParse(n).success).toBe(true);
  });

  it('a larger tolerance snaps more ends', () => {
    const tight = importPipeGis(lines, points, { snapToleranceM: 0.5 }).report.counts;
    const loose = importPipeGis(lines, points, { snapToleranceM: 5 }).report.counts;
    expect(loose.snappedToFacility!).toBeGreaterThan(tight.snappedToFacility!);
    expect(loose.unsnappedEnds!).toBeLessThan(tight.unsnappedEnds!);
  });

  it('moves snapped ends onto their facility, no further than the tolerance', () => {
    const r = importPipeGis(lines, points, { snapToleranceM: 2 });
    const doc = JSON.parse(lines) as { features: { geometry: { coordinates: [number, number][] } }[] };
    for (const l of r.parts!.links.slice(0, 300)) {
      const index = Number(/-l(\d+)/.exec(l.id)![1]);
      const original = doc.features[index]!.geometry.coordinates[0]!;
      expect(localDistanceM(...original, ...l.path[0]!)).toBeLessThanOrEqual(2.0001);
    }
  });

  it('broken inputs: invalid JSON, no lines, unknown utility', () => {
    expect(importPipeGis('{nope', undefined).report.errors[0]!.message).toMatch(/invalid JSON/);
    expect(importPipeGis(points, undefined).report.errors[0]!.message).toMatch(/no LineString/);
    const line = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'LineString',
            coordinates: [
              [-72.5, 44.2],
              [-72.5001, 44.2],
            ],
          },
        },
      ],
    });
    const r = importPipeGis(line, undefined);
    expect(r.parts).toBeNull();
    expect(r.report.warnings[0]!.message).toMatch(/--utility/);
    expect(importPipeGis(line, undefined, { utility: 'storm' }).parts!.links[0]!.diameterMm).toBe(300);
  });
});
