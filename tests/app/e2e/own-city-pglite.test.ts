import { describe } from 'vitest';
import { ownCitySuite } from './own-city-suite.js';

describe('a city of its own, end to end (PGlite in the data folder)', () => {
  ownCitySuite({ databaseUrl: async () => '', drop: async () => undefined });
});
