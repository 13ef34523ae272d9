import { describe, expect, it } from 'vitest';
import { chooseAssignment, hasAssignee, utilityOfCategory } from '../../../core/incident/index.js';
import { makeCityFixture } from '../../helpers/city-fixture.js';

describe('core/incident/event-assignment', () => {
  const city = makeCityFixture();
  const east = city.grids.find((g) => g.id === 'g-cell-e')!;
  const west = city.grids.find((g) => g.id === 'g-cell-w')!;

  it('maps report categories to utilities, unknown ones to none', () => {
    expect(utilityOfCategory('water-leak')).toBe('water');
    expect(utilityOfCategory('sewer-overflow')).toBe('sewer');
    expect(utilityOfCategory('litter')).toBeNull();
    expect(utilityOfCategory('constructor')).toBeNull();
  });

  it('sends an event to the cell worker and the crew of its utility', () => {
    expect(chooseAssignment(east, city.crews, 'sewer')).toEqual({ worker: '李强', crewId: 'crew-sewer' });
    expect(chooseAssignment(east, city.crews, 'water')).toEqual({ worker: '李强', crewId: 'crew-water' });
    // The west cell has no sewer crew: the worker alone.
    expect(chooseAssignment(west, city.crews, 'sewer')).toEqual({ worker: '王芳', crewId: null });
    expect(chooseAssignment(west, city.crews, null)).toEqual({ worker: '王芳', crewId: null });
    const nobody = chooseAssignment(null, city.crews, 'water');
    expect(nobody).toEqual({ worker: null, crewId: null });
    expect(hasAssignee(nobody)).toBe(false);
  });
});
