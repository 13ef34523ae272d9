import { z } from 'zod';
import { UtilitySchema } from './network.schema.js';

export const RoleSchema = z.enum(['admin', 'manager', 'crew', 'planner', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

/** A user as the API shows it (never with the password hash). */
export const UserSchema = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  displayName: z.string().min(1),
  role: RoleSchema,
  /** For crew members: their crew and its utility. */
  crewId: z.string().nullable().default(null),
  utility: UtilitySchema.nullable().default(null),
  gridIds: z.array(z.string()).default([]),
  /** A disabled account cannot log in and its tokens stop working; its name stays on the events it touched. */
  disabled: z.boolean().optional(),
});
export type User = z.infer<typeof UserSchema>;
