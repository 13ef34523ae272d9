import { describe, expect, it } from 'vitest';
import type { Crew, Grid } from '../../../../core/model/index.js';
import { cellAt, crewArcsFor } from '../../../../viewer/layers/crew-arcs/crew-arcs-data.js';

const square = (w: number, s: number, e: number, n: number): Grid['polygon'] => [
  [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
];
const cell = (id: string, polygon: Grid['polygon'], crewIds: string[]): Grid => ({
  id,
  level: 'cell',
  code: id,
  name: id,
  parentId: null,
  polygon,
  labelPosition: [0, 0],
  areaM2: 1,
  crewIds,
});
const crew = (id: string, utility: Crew['utility'], base?: [number, number]): Crew => ({
  id,
  utility,
  name: id,
  phone: '1',
  ...(base ? { base } : {}),
});

describe('viewer/layers/crew-arcs/crew-arcs-data', () => {
  const cells = [
    cell('west', square(121.4, 31.2, 121.45, 31.25), ['w-water', 'w-gas']),
    cell('east', square(121.45, 31.2, 121.5, 31.25), ['e-water']),
  ];
  const crews = [
    crew('w-water', 'water', [121.41, 31.21]),
    crew('w-gas', 'gas', [121.42, 31.22]),
    crew('e-water', 'water', [121.49, 31.24]),
    crew('far-water', 'water', [121.6, 31.3]),
    crew('no-base', 'water'),
  ];

  it('finds the cell under a point', () => {
    expect(cellAt(cells, [121.44, 31.21])?.id).toBe('west');
    expect(cellAt(cells, [121.46, 31.21])?.id).toBe('east');
    expect(cellAt(cells, [121.9, 31.21])).toBeUndefined();
  });

  it('draws the responsible crew of the utility, then the nearest other base, each ending at the incident', () => {
    const arcs = crewArcsFor({ id: 'ev', location: [121.44, 31.21], utility: 'water' }, crews, cells);
    expect(arcs.map((a) => [a.crewId, a.role])).toEqual([
      ['w-water', 'responsible'],
      ['e-water', 'nearest'],
    ]);
    for (const a of arcs) expect(a.to).toEqual([121.44, 31.21]);
    expect(arcs[0]!.from).toEqual([121.41, 31.21]);
    // 0.03° of longitude at 31.21° N is about 2.86 km.
    expect(arcs[0]!.distanceM).toBeGreaterThan(2700);
    expect(arcs[0]!.distanceM).toBeLessThan(3000);
  });

  it('puts the assigned crew first, once, and takes every utility of the cell when the incident has none', () => {
    const assigned = crewArcsFor(
      { id: 'ev', location: [121.44, 31.21], utility: 'water', assignedCrewId: 'w-water' },
      crews,
      cells,
      { nearest: 0 },
    );
    expect(assigned.map((a) => [a.crewId, a.role])).toEqual([['w-water', 'assigned']]);
    const any = crewArcsFor({ id: 'ev', location: [121.44, 31.21], utility: null }, crews, cells);
    expect(any.map((a) => a.crewId).sort()).toEqual(['w-gas', 'w-water']);
  });

  it('leaves out crews without a base and answers nothing outside every cell with no crews', () => {
    const arcs = crewArcsFor({ id: 'ev', location: [121.9, 31.9], utility: 'gas' }, crews, cells);
    expect(arcs.map((a) => a.crewId)).toEqual(['w-gas']);
    expect(arcs[0]!.role).toBe('nearest');
    expect(crewArcsFor({ id: 'ev', location: [121.9, 31.9], utility: 'heat' }, crews, cells)).toEqual([]);
  });
});
