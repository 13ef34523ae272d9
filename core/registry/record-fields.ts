import { z } from 'zod';

/** Blank cells (empty strings, null) of a registry row read as absent. */
export const blankToUndefined = (v: unknown): unknown =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v;

/** An optional number of a registry row: CSV text or a JSON number. */
export const optionalNumber = z.preprocess(
  (v) => {
    const b = blankToUndefined(v);
    return typeof b === 'string' ? Number(b.trim()) : b;
  },
  z.number({ error: 'must be a number' }).finite().optional(),
);

/** An optional text field: numbers become text (a code read as 1203), blanks are absent. */
export const optionalText = z.preprocess((v) => {
  const b = blankToUndefined(v);
  return typeof b === 'number' ? String(b) : typeof b === 'string' ? b.trim() : b;
}, z.string().optional());

/** A required text field (numbers become text), trimmed. */
export const requiredText = (message: string) =>
  z.preprocess(
    (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : v),
    z.string({ error: message }).min(1, message),
  );

/** A list field: a JSON array, or text split on `;`, `|` or `,` (a CSV cell `MO-11;MO-12`); blank is empty. */
export const textList = z
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
  .default([]);
