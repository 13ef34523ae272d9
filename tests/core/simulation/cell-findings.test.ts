import { describe, expect, it } from 'vitest';
import { groupFindingsByCell } from '../../../core/simulation/index.js';

// Two cells split at lon 0: west (x < 0) and east; nothing north of lat 10.
const locate = (x: number, y: number) => (y > 10 ? null : x < 0 ? 'west' : 'east');

describe('core/simulation/cell-findings', () => {
  it('makes one group per cell, placed at its worst point, worst cells first', () => {
    const groups = groupFindingsByCell(
      [
        { location: [-1, 0], severity: 'minor', elementId: 'a', weight: 5 },
        { location: [1, 0], severity: 'major', elementId: 'b', weight: 1 },
        { location: [2, 0], severity: 'major', elementId: 'c', weight: 9 },
        { location: [-2, 0], severity: 'critical', elementId: 'd' },
        { location: [-3, 0], severity: 'minor', elementId: 'a', weight: 1 },
        { location: [0, 20], severity: 'info', elementId: 'e' },
      ],
      locate,
    );
    expect(groups.map((g) => g.gridId)).toEqual(['west', 'east', null]);
    expect(groups[0]).toMatchObject({ severity: 'critical', location: [-2, 0], elementIds: ['a', 'd'], weight: 6 });
    expect(groups[1]).toMatchObject({ severity: 'major', location: [2, 0], elementIds: ['b', 'c'], weight: 10 });
    expect(groups[2]).toMatchObject({ gridId: null, severity: 'info' });
    expect(groupFindingsByCell([], locate)).toEqual([]);
  });
});
