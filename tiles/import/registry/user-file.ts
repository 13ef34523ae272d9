import type { Crew, Grid, User } from '../../../core/model/index.js';
import {
  USER_FILE_COLUMNS,
  USER_RECORD_FIELDS,
  UserRecordSchema,
  isRecordProblem,
  pickFields,
  resolveUserScope,
  type FieldMap,
} from '../../../core/registry/index.js';
import { addCount, createReport, fail, finish, type ImportResult } from '../../report/import-report.js';
import { describeIssue, readRecordFile } from '../../../core/registry/record-file.js';

export interface UserFileOptions {
  source: string;
  map?: FieldMap;
  delimiter?: string;
}

/** One account of a user file, checked against the city: the record to save and its password if the file gives one. */
export interface UserFileRow {
  user: Omit<User, 'id'>;
  password?: string;
}

/**
 * Reads accounts from CSV (`username,role` and optional `name,name_en,crew,cells,password`; the API's names `displayName`, `nameEn`,
 * `crewId`, `gridIds` work too), a JSON array or `{"users": [...]}`. A crew must be one of the city's crews (a crew
 * member needs one), cells its grids by code or id. Any bad row is an error naming its line and field, and nothing
 * is returned.
 */
export function importUserFile(
  text: string,
  city: { crews: readonly Crew[]; grids: readonly Grid[] },
  options: UserFileOptions,
): ImportResult<{ users: UserFileRow[] }> {
  const report = createReport(options.source, 'users');
  const users: UserFileRow[] = [];
  const records = readRecordFile(text, { source: options.source, delimiter: options.delimiter, listKey: 'users' });
  if (typeof records === 'string') {
    fail(report, records);
    return finish(report, { users });
  }
  const seen = new Set<string>();
  for (const { raw, where } of records) {
    // The file's short column names first (name, crew, cells), then the API's (displayName, crewId, gridIds).
    const picked = {
      ...pickFields(raw, USER_RECORD_FIELDS),
      ...pickFields(raw, USER_RECORD_FIELDS, { ...USER_FILE_COLUMNS, ...options.map }),
    };
    const username = typeof picked.username === 'string' ? picked.username.trim() : undefined;
    const at = username ? { ...where, featureId: username } : where;
    const parsed = UserRecordSchema.safeParse(picked);
    if (!parsed.success) {
      fail(report, describeIssue(parsed.error.issues[0]!, picked), at);
      continue;
    }
    const r = parsed.data;
    if (seen.has(r.username)) {
      fail(report, `duplicate username ${r.username}`, at);
      continue;
    }
    seen.add(r.username);
    const scope = resolveUserScope(r, city);
    if (isRecordProblem(scope)) {
      fail(report, `${scope.field}: ${scope.message}`, at);
      continue;
    }
    users.push({
      user: {
        username: r.username,
        displayName: r.displayName ?? r.username,
        ...(r.nameEn ? { nameEn: r.nameEn } : {}),
        role: r.role,
        ...scope,
        disabled: false,
      },
      ...(r.password ? { password: r.password } : {}),
    });
    addCount(report, r.role);
  }
  const generated = users.filter((u) => !u.password).length;
  if (generated > 0) report.assumptions.push(`${generated} row(s) give no password: new accounts get a generated one`);
  return finish(report, { users });
}
