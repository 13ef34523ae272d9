import { z } from 'zod';

/** The answer of every list: `{items, total}`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().min(0).describe('Matching items before limit/offset'),
  });
}

/** A page of `T` (what a list route answers). */
export interface Page<T> {
  items: T[];
  total: number;
}
