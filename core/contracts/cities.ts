import { z } from 'zod';
import { CitySchema } from '../model/index.js';
import { pageOf } from './page.js';

/** GET /api/city: the city with its revision and the number of records of each kind. */
export const CityDetailsSchema = CitySchema.extend({
  revision: z.number().int().describe('Goes up by one each time the city is saved'),
  counts: z.record(z.string(), z.number().int()).describe('Records of each kind: buildings, nodes, links, ...'),
});
export type CityDetails = z.infer<typeof CityDetailsSchema>;

/** GET /api/cities. */
export const CityPageSchema = pageOf(CitySchema);
