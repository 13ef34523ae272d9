import { expect } from 'vitest';
import type { CityBundle } from '../../../core/model/index.js';
import { expectClose } from '../../helpers/expect-close.js';
import { featureBounds, parseGlb } from './read-glb.js';
import { checkTileset, type FileReader, type TilesetReport } from './tileset-checks.js';

const f32 = (v: number) => Math.fround(v);

/**
 * Checks one tileset of a city against the city it was built from: structure (see `checkTileset`), every feature in
 * exactly one leaf, metadata equal to the model, and geometry at the model's heights (ground at 0, ADR 0002).
 */
export async function expectTilesetMatchesCity(
  name: string,
  bundle: CityBundle,
  read: FileReader,
  validate: boolean,
): Promise<TilesetReport> {
  const report = await checkTileset(name, read, { validate });
  expect(report.problems.slice(0, 5), `${name}: ${report.problems.length} problems`).toEqual([]);
  expect(report.duplicateLeafIds.slice(0, 5)).toEqual([]);
  const ground = bundle.city.groundElevationM;
  if (name === 'buildings') {
    expect(report.leafRows.size).toBe(bundle.buildings.length);
    for (const b of bundle.buildings) {
      const row = report.leafRows.get(b.id);
      expect(row, `building ${b.id} in a leaf`).toBeDefined();
      const address = b.address ? `${b.address.street}${b.address.number ? ` ${b.address.number}` : ''}` : '';
      expect(row).toMatchObject({
        kind: 'building',
        name: b.name ?? '',
        address,
        use: b.use,
        heightM: f32(b.roofHeightM),
        baseHeightM: f32(b.baseHeightM),
        floors: b.floors ?? 0,
        population: b.population,
        gridId: b.gridId ?? '',
        buildingCount: 1,
      });
    }
    // The tallest building stands on the drawn ground (0) and reaches its roof height.
    const tallest = bundle.buildings.reduce((a, b) => (b.roofHeightM > a.roofHeightM ? b : a));
    const at = report.leafTile.get(tallest.id)!;
    const bounds = featureBounds(parseGlb(read(`${name}/${at.uri}`)), at.featureId);
    expectClose(bounds[2]!, tallest.baseHeightM, 1e-3, `base of ${tallest.id}`);
    expectClose(bounds[5]!, tallest.roofHeightM, 1e-3, `roof of ${tallest.id}`);
    return report;
  }
  const nodes = bundle.nodes.filter((n) => n.utility === name);
  const links = bundle.links.filter((l) => l.utility === name);
  expect(report.leafRows.size).toBe(nodes.length + links.length);
  for (const l of links) {
    const row = report.leafRows.get(l.id);
    expect(row, `link ${l.id} in a leaf`).toBeDefined();
    expect(row).toMatchObject({
      kind: l.kind,
      utility: l.utility,
      name: l.name ?? '',
      diameterMm: f32(l.diameterMm),
      material: l.material ?? '',
      installYear: l.installYear ?? 0,
      lengthM: f32(l.lengthM),
      invertM: f32((l.fromInvertM + l.toInvertM) / 2),
      gridId: l.gridId ?? '',
    });
  }
  for (const n of nodes) {
    const row = report.leafRows.get(n.id);
    expect(row, `node ${n.id} in a leaf`).toBeDefined();
    expect(row).toMatchObject({
      kind: n.kind,
      utility: n.utility,
      name: n.name ?? '',
      depthM: f32(n.groundM - n.invertM),
      invertM: f32(n.invertM),
    });
  }
  // A straight pipe's lowest vertex is its invert (pipe bottom), its highest the crown, below the ground at 0.
  const straight = links
    .filter((l) => l.path.length === 2 && l.diameterMm >= 300 && Math.abs(l.fromInvertM - l.toInvertM) < 0.05)
    .slice(0, 20);
  for (const l of straight) {
    const at = report.leafTile.get(l.id)!;
    const bounds = featureBounds(parseGlb(read(`${name}/${at.uri}`)), at.featureId);
    expectClose(bounds[2]!, Math.min(l.fromInvertM, l.toInvertM) - ground, 0.02, `invert of ${l.id}`);
    expectClose(
      bounds[5]!,
      Math.max(l.fromInvertM, l.toInvertM) + l.diameterMm / 1000 - ground,
      0.02,
      `crown of ${l.id}`,
    );
  }
  return report;
}
