import { describe, expect, it } from 'vitest';
import type { BasemapFeature } from '../../../../core/contracts/basemap.js';
import { placeLabels } from '../../../../viewer/layers/basemap/basemap-labels.js';
import {
  labelText,
  metresPerPixel,
  roadWidthPx,
  tileBounds,
  worldPixel,
} from '../../../../viewer/layers/basemap/basemap-style.js';

describe('viewer/layers/basemap style', () => {
  it('maps lon/lat to web-mercator world pixels and back through the tile bounds', () => {
    // The Oriental Pearl Tower at zoom 16: the tile that holds it has it inside its bounds.
    const [x, y] = worldPixel(121.4997, 31.2397, 16);
    const [w, s, e, n] = tileBounds(Math.floor(x / 256), Math.floor(y / 256), 16);
    expect(121.4997).toBeGreaterThan(w);
    expect(121.4997).toBeLessThan(e);
    expect(31.2397).toBeGreaterThan(s);
    expect(31.2397).toBeLessThan(n);
    // Zoom 0: the whole world is one 256 px tile, the equator at its middle.
    expect(worldPixel(0, 0, 0)).toEqual([128, 128]);
  });

  it('draws a road its width on the ground, never thinner than its class minimum', () => {
    // About 2.05 m a pixel at Shanghai's latitude at zoom 16.
    expect(metresPerPixel(31.24, 16)).toBeCloseTo(2.04, 1);
    expect(roadWidthPx('primary', 31.24, 18)).toBeCloseTo(18 / metresPerPixel(31.24, 18), 5);
    expect(roadWidthPx('primary', 31.24, 12)).toBe(1.8);
    expect(roadWidthPx('path', 31.24, 12)).toBe(0.6);
  });

  it('writes the English name in English and the Chinese name in Chinese, either when only one is there', () => {
    expect(labelText({ name: '世纪大道', nameEn: 'Century Avenue' }, 'en')).toBe('Century Avenue');
    expect(labelText({ name: '世纪大道', nameEn: 'Century Avenue' }, 'zh')).toBe('世纪大道');
    expect(labelText({ name: '丰和路' }, 'en')).toBe('丰和路');
    expect(labelText({ nameEn: 'Bund' }, 'zh')).toBe('Bund');
  });
});

describe('viewer/layers/basemap labels', () => {
  const avenue = (name: string, lat: number, kind = 'primary'): BasemapFeature => ({
    layer: 'road',
    kind,
    name,
    lines: [
      [
        [121.49, lat],
        [121.5, lat],
        [121.51, lat],
      ],
    ],
  });
  const measure = (t: string) => t.length * 7;

  it('names a road on straight stretches longer than its name, the same name kept apart', () => {
    const labels = placeLabels([avenue('Century Avenue', 31.24)], 16, 'en', measure);
    // Two segments of ~1 km (~450 px at zoom 16) each: both named, more than the spacing apart.
    expect(labels).toHaveLength(2);
    expect(labels[0]!.angle).toBeCloseTo(0, 5);
    expect(Math.abs(labels[0]!.x - labels[1]!.x)).toBeGreaterThan(320);
  });

  it('writes no name below its class zoom, none for tunnels, and lets no two labels overlap', () => {
    expect(placeLabels([avenue('Fenghe Road', 31.24, 'minor')], 16, 'en', measure)).toHaveLength(0);
    expect(placeLabels([{ ...avenue('Xinjian Tunnel', 31.24), tunnel: true }], 18, 'en', measure)).toHaveLength(0);
    // Two parallel avenues 2 m apart: their labels would sit on each other, only the first is kept.
    const labels = placeLabels([avenue('A Road', 31.24), avenue('B Road', 31.24002)], 16, 'en', measure);
    expect(labels.map((l) => l.text)).toEqual(['A Road', 'A Road']);
  });

  it('keeps labels readable: never upside down', () => {
    const westward: BasemapFeature = {
      layer: 'road',
      kind: 'primary',
      name: 'West',
      lines: [
        [
          [121.51, 31.24],
          [121.49, 31.24],
        ],
      ],
    };
    const [label] = placeLabels([westward], 16, 'en', measure);
    expect(Math.abs(label!.angle)).toBeLessThanOrEqual(Math.PI / 2);
  });
});
