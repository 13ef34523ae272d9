import { describe, expect, it } from 'vitest';
import type { Building, Grid } from '../../../../core/model/index.js';
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
