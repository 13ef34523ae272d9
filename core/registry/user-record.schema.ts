import { z } from 'zod';
import { RoleSchema } from '../model/user.schema.js';
import { UtilitySchema } from '../model/network.schema.js';
import type { Crew, Grid, User } from '../model/index.js';
import { blankToUndefined, textList } from './record-fields.js';
import type { RecordProblem } from './sensor-from-record.js';

export const UsernameSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z.string({ error: 'a user needs a username' }).regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, {
    error: 'username must be 2-64 lower-case letters, digits, dot, dash or underscore',
  }),
);

/** A password set by an admin or a user file: at least 10 characters. */
export const PasswordSchema = z
  .string({ error: 'password must be text' })
  .min(10, { error: 'password must have at least 10 characters' })
  .max(1000);

const role = z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), RoleSchema);
const crewId = z.preprocess(blankToUndefined, z.string().min(1).nullable().optional());

/**
 * One account of a city's user file (a CSV row or JSON object) and the body of `POST /api/users`: `username`, `role`,
 * `displayName` (a file's `name` column), `nameEn` (`name_en`: the name for English readers), `crewId` (`crew`), `gridIds` (`cells`: grid codes or ids, `MO-11;MO-12`) and
 * `password`; without a password one is generated and handed out once. A crew member's utility is its crew's.
 */
export const UserRecordSchema = z.strictObject({
  username: UsernameSchema,
  role,
  displayName: z.preprocess(blankToUndefined, z.string().min(1).max(200).optional()),
  nameEn: z.preprocess(blankToUndefined, z.string().min(1).max(200).optional()),
  crewId,
  gridIds: textList,
  password: z.preprocess(blankToUndefined, PasswordSchema.optional()),
  /** For an account without a crew object (older clients send it); a named crew's utility wins. */
  utility: z.preprocess(blankToUndefined, UtilitySchema.nullable().optional()),
});
export type UserRecord = z.infer<typeof UserRecordSchema>;

/** `PATCH /api/users/:id`: the fields an admin changes on an existing account (each optional). */
export const UserPatchSchema = z.strictObject({
  role: role.optional(),
  displayName: z.string().min(1).max(200).optional(),
  nameEn: z.string().min(1).max(200).optional(),
  crewId: z.string().min(1).nullable().optional(),
  gridIds: z.array(z.string().min(1)).max(10_000).optional(),
  disabled: z.boolean().optional(),
});
export type UserPatch = z.infer<typeof UserPatchSchema>;

/** `POST /api/users/:id/password`: a new password, or none to have one generated (answered once). */
export const PasswordResetSchema = z.strictObject({ password: PasswordSchema.optional() });

/** The record fields of a user file. */
export const USER_RECORD_FIELDS = [
  'username',
  'role',
  'displayName',
  'nameEn',
  'crewId',
  'gridIds',
  'password',
] as const;
/** The column a user file names each field by when `--map` does not say (`name,crew,cells`). */
export const USER_FILE_COLUMNS: Readonly<Record<string, string>> = {
  displayName: 'name',
  nameEn: 'name_en',
  crewId: 'crew',
  gridIds: 'cells',
};

/**
 * Checks a user's crew and cells against the city: the crew must be one of its crews (the user takes the crew's
 * utility), the cells its grids (by id or code; answered as ids). A problem names the field at fault.
 */
export function resolveUserScope(
  r: {
    role?: User['role'];
    crewId?: string | null | undefined;
    gridIds?: readonly string[] | undefined;
    utility?: User['utility'] | undefined;
  },
  city: { crews: readonly Crew[]; grids: readonly Grid[] },
): { crewId: string | null; utility: User['utility']; gridIds: string[] } | RecordProblem {
  let crew: Crew | undefined;
  if (r.crewId) {
    crew = city.crews.find((c) => c.id === r.crewId);
    if (!crew) return { field: 'crewId', message: `crew "${r.crewId}" is not a crew of the city` };
  }
  if (r.role === 'crew' && !crew) return { field: 'crewId', message: 'a crew member needs a crew' };
  const byName = new Map<string, string>();
  for (const g of city.grids) byName.set(g.code, g.id);
  for (const g of city.grids) byName.set(g.id, g.id);
  const gridIds: string[] = [];
  const unknown: string[] = [];
  for (const name of r.gridIds ?? []) {
    const id = byName.get(name);
    if (id === undefined) unknown.push(name);
    else if (!gridIds.includes(id)) gridIds.push(id);
  }
  if (unknown.length > 0)
    return { field: 'gridIds', message: `no grid ${unknown.map((u) => `"${u}"`).join(', ')} in the city` };
  return { crewId: crew?.id ?? null, utility: crew?.utility ?? r.utility ?? null, gridIds };
}
