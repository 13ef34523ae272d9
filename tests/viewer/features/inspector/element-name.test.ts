import { describe, expect, it } from 'vitest';
import type { Building, Grid, NetworkLink, NetworkNode } from '../../../../core/model/index.js';
import type { CityData } from '../../../../viewer/data/city-data.js';
import { elementName } from '../../../../viewer/features/inspector/element-name.js';

/** The part of the city data building names read: buildings and grid cells by id. */
function cityWith(buildings: Partial<Building>[], cells: Partial<Grid>[]): CityData {
  return {
    buildingById: new Map(buildings.map((b) => [b.id!, b as Building])),
    cellById: new Map(cells.map((c) => [c.id!, c as Grid])),
  } as unknown as CityData;
}

describe('viewer/features/inspector/element-name: buildings', () => {
  const cell = { id: 'grid-1', name: '瑞康里社区第4网格', nameEn: 'Ruikangli Community Grid 4' };
  const data = cityWith(
    [
      { id: 'osm-b-1', floors: 4, gridId: 'grid-1' },
      { id: 'osm-b-2', gridId: 'grid-1' },
      { id: 'osm-b-3', floors: 12, gridId: 'grid-unknown' },
      { id: 'osm-b-4', floors: 30, gridId: 'grid-1', name: '金茂大厦', nameEn: 'Jin Mao Tower' },
      { id: 'osm-b-5', gridId: 'grid-1', address: { street: '陆家嘴环路', number: '1388' } },
    ],
    [cell],
  );
  const name = (id: string, lang: 'en' | 'zh') => elementName(data, { type: 'building', id }, lang);

  it('names a building with no name or address by its floors and its grid cell, not its id, in both languages', () => {
    expect(name('osm-b-1', 'en')).toBe('4-floor building · Ruikangli Community Grid 4');
    expect(name('osm-b-1', 'zh')).toBe('4层建筑 · 瑞康里社区第4网格');
    expect(name('osm-b-2', 'en')).toBe('Building · Ruikangli Community Grid 4');
    expect(name('osm-b-2', 'zh')).toBe('建筑 · 瑞康里社区第4网格');
  });

  it('keeps a name or an address first, and the id only when nothing else is known', () => {
    expect(name('osm-b-4', 'en')).toBe('Jin Mao Tower');
    expect(name('osm-b-4', 'zh')).toBe('金茂大厦');
    expect(name('osm-b-5', 'zh')).toBe('陆家嘴环路1388号');
    expect(name('osm-b-3', 'en')).toBe('osm-b-3');
    expect(name('osm-b-none', 'en')).toBeNull();
  });
});

describe('viewer/features/inspector/element-name: network nodes', () => {
  const cell = { id: 'grid-2', name: '东园社区第1网格', nameEn: 'Dongyuan Community Grid 1' };
  const node = (id: string, extra: Partial<NetworkNode>) =>
    ({ id, utility: 'storm', kind: 'manhole', gridId: 'grid-2', attributes: {}, ...extra }) as NetworkNode;
  const nodes = [
    node('r-n-1', { attributes: { road: '东园路', roadEn: 'Dongyuan Road' } }),
    node('r-n-2', {}),
    node('r-n-3', {}),
    node('r-n-4', { gridId: null }),
  ];
  const pipe = { id: 'r-l-1', attributes: { road: '浦东南路', roadEn: 'Pudong South Road' } } as unknown as NetworkLink;
  const unnamedPipe = { id: 'r-l-2', attributes: {} } as unknown as NetworkLink;
  const data = {
    nodeById: new Map(nodes.map((n) => [n.id, n])),
    cellById: new Map([[cell.id, cell as Grid]]),
    linksByNode: new Map([
      ['r-n-2', [unnamedPipe, pipe]],
      ['r-n-3', [unnamedPipe]],
    ]),
  } as unknown as CityData;
  const name = (id: string, lang: 'en' | 'zh') => elementName(data, { type: 'node', id }, lang);

  it('names a node by its own road first', () => {
    expect(name('r-n-1', 'en')).toBe('Storm drainage · manhole · Dongyuan Road');
    expect(name('r-n-1', 'zh')).toBe('雨水 · 检查井 · 东园路');
  });

  it('names a node without a road by the road of a pipe it joins, else its grid cell, and by id only as a last resort', () => {
    expect(name('r-n-2', 'en')).toBe('Storm drainage · manhole · Pudong South Road');
    expect(name('r-n-2', 'zh')).toBe('雨水 · 检查井 · 浦东南路');
    expect(name('r-n-3', 'en')).toBe('Storm drainage · manhole · Dongyuan Community Grid 1');
    expect(name('r-n-3', 'zh')).toBe('雨水 · 检查井 · 东园社区第1网格');
    expect(name('r-n-4', 'en')).toBe('Storm drainage · manhole · r-n-4');
  });
});
