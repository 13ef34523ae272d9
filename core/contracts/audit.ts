import { z } from 'zod';
import { pageOf } from './page.js';

/** What the audit log records changes of. */
export const AuditEntitySchema = z.enum(['grid', 'crew', 'sensor', 'user']);
export type AuditEntity = z.infer<typeof AuditEntitySchema>;

export const AuditActionSchema = z.enum(['create', 'update', 'delete']);
export type AuditAction = z.infer<typeof AuditActionSchema>;

/** One change of the registry: who made it, when, to what, and the record before and after. */
export const AuditEntrySchema = z.object({
  id: z.string().describe('Increasing with time'),
  at: z.number().int().describe('Epoch ms'),
  actor: z.object({
    id: z.string().nullable().describe('The user id; null for the import CLI'),
    username: z.string().describe('The username, or "cli" for an import'),
  }),
  cityId: z.string().nullable().describe("Null for accounts (they are not a city's)"),
  entity: AuditEntitySchema,
  entityId: z.string(),
  action: AuditActionSchema,
  before: z.unknown().nullable().describe('The record before the change; null for a create'),
  after: z.unknown().nullable().describe('The record after the change; null for a delete'),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** GET /api/audit: newest first. */
export const AuditPageSchema = pageOf(AuditEntrySchema);
