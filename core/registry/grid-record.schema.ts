import { z } from 'zod';
import { GridLevelSchema } from '../model/grid.schema.js';

/** A text field of a registry file: numbers become text (a code read as 1203 from a .dbf), blanks are absent. */
const text = z.preprocess(
  (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : v),
  z.string(),
);
const optionalText = z.preprocess(
  (v) => (v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v),
  text.optional(),
);

/**
 * One grid of a city's own registry, as a grid file's feature properties carry it (after `--map`) and as the admin
 * API takes it. Only `code` is required: a flat file of cells is valid (`level` defaults to `cell`, `name` to the
 * code). `parent` is the code of the grid one level up; `crews` the ids of the utility crews answering in it.
 */
export const GridRecordSchema = z.object({
  code: text.pipe(z.string().min(1, 'a grid needs a code')),
  name: optionalText,
  nameEn: optionalText,
  level: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : undefined),
    GridLevelSchema.default('cell'),
  ),
  parent: optionalText,
  worker: optionalText,
  phone: optionalText,
  crews: z
    .preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split(/[;,|]/)
              .map((s) => s.trim())
              .filter(Boolean)
          : v === null || v === undefined
            ? []
            : v,
      z.array(z.string().min(1)),
    )
    .default([]),
});
export type GridRecord = z.infer<typeof GridRecordSchema>;

/** The record fields a grid file's properties are read into (the names `--map` may rename). */
export const GRID_RECORD_FIELDS = ['code', 'name', 'nameEn', 'level', 'parent', 'worker', 'phone', 'crews'] as const;
