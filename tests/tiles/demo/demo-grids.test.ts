import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import Flatbush from 'flatbush';
import polygonClipping from 'polygon-clipping';
import { CrewSchema, GridSchema, UTILITIES, type Grid } from '../../../core/model/index.js';
import { bboxOf, multiPolygonAreaM2, pointInMultiPolygon, ringAreaM2 } from '../../../core/geo/index.js';
import { SeededRandom } from '../../../core/random/index.js';
import { GridLocator, packPolygons, pointInPackedPolygon } from '../../../core/grid/index.js';
import { generateDemoGrids, type DemoGridInput, type DemoGrids } from '../../../tiles/demo/demo-grids.js';
import { readDemoGridInput } from '../../../tiles/demo/grids/demo-grid-sources.js';
import { expectClose } from '../../helpers/expect-close.js';

const SOURCES = path.join(import.meta.dirname, '../../../data/sources/shanghai-osm');
const SEED = 20240611;

describe('tiles/demo/demo-grids', () => {
  let input: DemoGridInput;
  let out: DemoGrids;
  let cells: Grid[];
  let bboxArea: number;

  beforeAll(async () => {
    input = await readDemoGridInput(SOURCES, SEED);
    out = generateDemoGrids(input);
    cells = out.grids.filter((g) => g.level === 'cell');
    const [w, s, e, n] = input.bbox;
    bboxArea = Math.abs(
      ringAreaM2([
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ]),
    );
  });

  it('covers the buildings padded by about 100 m', () => {
    expect(input.bbox[0]).toBeGreaterThan(121.47);
    expect(input.bbox[2]).toBeLessThan(121.53);
    expect(input.bbox[1]).toBeGreaterThan(31.22);
    expect(input.bbox[3]).toBeLessThan(31.26);
  });

  it('builds a valid four-level hierarchy with unique codes', () => {
    const counts = Object.fromEntries(
      ['district', 'street', 'community', 'cell'].map((l) => [l, out.grids.filter((g) => g.level === l).length]),
    );
    console.log('demo grids per level:', counts, 'crews:', out.crews.length);
    expect(counts['district']).toBeGreaterThanOrEqual(3);
    expect(counts['street']).toBeGreaterThan(counts['district']!);
    expect(counts['community']).toBeGreaterThan(counts['street']!);
    expect(counts['cell']).toBeGreaterThan(counts['community']!);
    for (const g of out.grids) GridSchema.parse(g);
    for (const c of out.crews) CrewSchema.parse(c);
    expect(new Set(out.grids.map((g) => g.code)).size).toBe(out.grids.length);
    expect(new Set(out.grids.map((g) => g.id)).size).toBe(out.grids.length);
    const locator = new GridLocator(out.grids);
    for (const cell of cells) {
      const chain = locator.hierarchy(cell.id);
      expect(chain.map((g) => g.level)).toEqual(['district', 'street', 'community', 'cell']);
      expect(cell.code.startsWith(`${chain[2]!.code}-`)).toBe(true);
      expect(cell.code).toMatch(/^3101\d\d-\d{3}-\d{3}-\d{3}$/);
      expect(cell.name).toMatch(/社区第\d+网格$/);
    }
  });

  it('tiles the bbox at every level, and every parent is exactly the union of its children', () => {
    for (const level of ['district', 'street', 'community', 'cell'] as const) {
      const sum = out.grids.filter((g) => g.level === level).reduce((s, g) => s + g.areaM2, 0);
      expectClose(sum, bboxArea, bboxArea * 1e-3, `${level} area sum`);
    }
    for (const parent of out.grids.filter((g) => g.level !== 'cell')) {
      const children = out.grids.filter((g) => g.parentId === parent.id);
      expect(children.length).toBeGreaterThan(0);
      const sum = children.reduce((s, c) => s + c.areaM2, 0);
      expectClose(sum, parent.areaM2, parent.areaM2 * 1e-3, `children of ${parent.code}`);
      const difference = polygonClipping.xor(parent.polygon, ...children.map((c) => c.polygon));
      expect(multiPolygonAreaM2(difference), `parent ${parent.code} xor children`).toBeLessThan(1);
    }
  });

  it('has no overlapping cells', () => {
    const index = new Flatbush(cells.length);
    for (const c of cells) {
      const [w, s, e, n] = bboxOf(c.polygon);
      index.add(w, s, e, n);
    }
    index.finish();
    let pairs = 0;
    cells.forEach((c, i) => {
      const [w, s, e, n] = bboxOf(c.polygon);
      for (const j of index.search(w, s, e, n)) {
        if (j <= i) continue;
        pairs++;
        const overlap = multiPolygonAreaM2(polygonClipping.intersection(c.polygon, cells[j]!.polygon));
        expect(overlap, `${c.code} overlaps ${cells[j]!.code}`).toBeLessThan(0.01);
      }
    });
    expect(pairs).toBeGreaterThan(cells.length);
  });

  it('puts each of 20,000 random points in exactly one cell (brute force), and the locator agrees', () => {
    const locator = new GridLocator(out.grids);
    const random = new SeededRandom(99);
    const [w, s, e, n] = input.bbox;
    for (let k = 0; k < 20_000; k++) {
      const lon = random.range(w, e),
        lat = random.range(s, n);
      const owners = cells.filter((c) => pointInMultiPolygon(lon, lat, c.polygon));
      expect(owners.length, `point ${lon},${lat}`).toBe(1);
      expect(locator.locateCell(lon, lat)?.id).toBe(owners[0]!.id);
    }
  });

  it('gives every cell vertex and edge midpoint inside the bbox to exactly one cell', () => {
    const packed = packPolygons(cells.map((c) => c.polygon));
    const locator = new GridLocator(out.grids);
    const [w, s, e, n] = input.bbox;
    let checked = 0;
    for (const cell of cells) {
      for (const ring of cell.polygon.flat()) {
        for (let i = 1; i < ring.length; i++) {
          const a = ring[i - 1]!,
            b = ring[i]!;
          for (const [lon, lat] of [a, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]] as [number, number][]) {
            if (lon <= w || lon >= e || lat <= s || lat >= n) continue; // the outer edge belongs to no cell
            let owners = 0,
              owner = -1;
            for (let c = 0; c < cells.length; c++)
              if (pointInPackedPolygon(packed, c, lon, lat)) [owners, owner] = [owners + 1, c];
            expect(owners, `point ${lon},${lat}`).toBe(1);
            expect(locator.locateCellIndex(lon, lat)).toBe(owner);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(cells.length * 4);
  });

  it('makes cells 150-450 m across (square root of the area)', () => {
    const across = cells.map((c) => Math.sqrt(c.areaM2)).sort((a, b) => a - b);
    const q = (f: number): number => Math.round(across[Math.min(across.length - 1, Math.floor(f * across.length))]!);
    console.log(`cell size (sqrt area, m): min ${q(0)} p10 ${q(0.1)} median ${q(0.5)} p90 ${q(0.9)} max ${q(1)}`);
    expect(across[0]).toBeGreaterThanOrEqual(150);
    expect(across[across.length - 1]).toBeLessThanOrEqual(450);
  });

  it('splits districts along the Huangpu: Pudong east of the river, Huangpu and Hongkou west', () => {
    const locator = new GridLocator(out.grids);
    const districtAt = (lon: number, lat: number): string | undefined => {
      const cell = locator.locateCell(lon, lat);
      return cell ? locator.hierarchy(cell.id)[0]?.code : undefined;
    };
    // Positions of labelled buildings in the OSM source.
    expect(districtAt(121.5013, 31.23555)).toBe('310115'); // 上海中心大厦 (Shanghai Tower)
    expect(districtAt(121.49412, 31.23984)).toBe('310115'); // 浦东海关大楼
    expect(districtAt(121.4855, 31.23863)).toBe('310101'); // 上海海关 (Customs House on the Bund)
    expect(districtAt(121.495, 31.249)).toBe('310109'); // North Bund
    const names = out.grids.filter((g) => g.level === 'district').map((g) => g.name);
    expect(names).toEqual(expect.arrayContaining(['浦东新区', '黄浦区', '虹口区']));
  });

  it('gives every cell a fictional worker and one crew of each utility', () => {
    const crews = new Map(out.crews.map((c) => [c.id, c]));
    const phones = new Set<string>();
    for (const cell of cells) {
      expect(cell.worker?.name).toMatch(/^\p{Script=Han}{2,3}$/u);
      // The English name is the pinyin, surname first, one syllable group per character group: 陈建华 -> Chen Jianhua.
      expect(cell.worker?.nameEn).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      expect(cell.worker?.phone).toMatch(/^1380000\d{4}$/);
      phones.add(cell.worker!.phone);
      expect(cell.crewIds.map((id) => crews.get(id)?.utility)).toEqual([...UTILITIES]);
    }
    for (const crew of out.crews) {
      expect(crew.phone).toMatch(/^1380000\d{4}$/);
      phones.add(crew.phone);
      expect(crew.name).toMatch(/抢修.队$/);
      expect(crew.nameEn).toMatch(/^[A-Z][A-Za-z ]+ Repair Crew \d$/);
      expect(crew.nameEn).not.toMatch(/District|New Area/);
    }
    expect(phones.size).toBe(cells.length + out.crews.length);
    for (const utility of UTILITIES)
      expect(out.crews.filter((c) => c.utility === utility).length).toBeGreaterThanOrEqual(3);
  });

  it('is deterministic: the same seed gives the same grids; another seed changes names, not shapes', () => {
    expect(JSON.stringify(generateDemoGrids(input))).toBe(JSON.stringify(out));
    const other = generateDemoGrids({ ...input, seed: SEED + 1 });
    expect(other.grids.map((g) => g.polygon)).toEqual(out.grids.map((g) => g.polygon));
    expect(other.grids.map((g) => g.worker?.name ?? g.name)).not.toEqual(
      out.grids.map((g) => g.worker?.name ?? g.name),
    );
  });

  it('tiles the bbox as one district when no boundary lines are given', () => {
    const single = generateDemoGrids({ ...input, districtLines: undefined });
    const districts = single.grids.filter((g) => g.level === 'district');
    expect(districts.map((d) => d.code)).toEqual(['310115']);
    expectClose(districts[0]!.areaM2, bboxArea, bboxArea * 1e-3, 'single district area');
  });
});
