import { z } from 'zod';
import { GridLevelSchema } from '../model/grid.schema.js';
import { optionalText, requiredText, textList } from './record-fields.js';

/**
 * One grid of a city's own registry, as a grid file's feature properties carry it (after `--map`) and as the admin
 * API takes it. Only `code` is required: a flat file of cells is valid (`level` defaults to `cell`, `name` to the
 * code). `parent` is the code of the grid one level up; `crews` the ids of the utility crews answering in it.
 */
export const GridRecordSchema = z.object({
  code: requiredText('a grid needs a code'),
  name: optionalText,
  nameEn: optionalText,
  level: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : undefined),
    GridLevelSchema.default('cell'),
  ),
  parent: optionalText,
  worker: optionalText,
  phone: optionalText,
  crews: textList,
});
export type GridRecord = z.infer<typeof GridRecordSchema>;

/** The record fields a grid file's properties are read into (the names `--map` may rename). */
export const GRID_RECORD_FIELDS = ['code', 'name', 'nameEn', 'level', 'parent', 'worker', 'phone', 'crews'] as const;
