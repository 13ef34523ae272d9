import { z } from 'zod';
import { pageOf } from './page.js';

/** One hit of GET /api/search. */
export const SearchHitSchema = z.object({
  type: z.enum(['building', 'node', 'link', 'sensor', 'grid']),
  id: z.string(),
  label: z.string().describe('What to show in the list'),
  matched: z.enum(['address', 'name', 'id', 'code']).describe('What the query matched'),
  position: z.tuple([z.number(), z.number()]).describe('Where to fly: [lon, lat] in degrees'),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

/** GET /api/search. */
export const SearchPageSchema = pageOf(SearchHitSchema);
