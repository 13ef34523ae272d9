/**
 * Imported history is kept by retention. READINGS_RETENTION_DAYS bounds the live readings devices keep sending; the
 * history an operations centre brings (`import --as readings`) is older than any retention by nature, and deleting
 * it at the next start would silently undo the import. Existing rows count as live (they may be imported, but the
 * earlier releases did not say so, and retention already treated them as live).
 */
export const migration101 = {
  version: 101,
  name: 'imported-history',
  sql: `
ALTER TABLE readings ADD COLUMN imported boolean NOT NULL DEFAULT false;
`,
};
