import { z } from 'zod';
import { UtilitySchema } from './network.schema.js';

export const RoleSchema = z.enum(['admin', 'manager', 'crew', 'planner', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

/** Who may run incident simulations (burst, gas leak, storm): the server enforces it, the viewer offers the buttons. */
export const SIMULATION_ROLES = ['admin', 'manager', 'planner'] as const satisfies readonly Role[];
/** Who may check a dig and save a permit: the people who plan and run works. */
export const EXCAVATION_ROLES = ['admin', 'manager', 'planner', 'crew'] as const satisfies readonly Role[];
/** Whether a role is in one of the lists above. */
export const roleMay = (allowed: readonly Role[], role: Role | undefined): boolean =>
  role !== undefined && allowed.includes(role);

/** A user as the API shows it (never with the password hash). */
export const UserSchema = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  displayName: z.string().min(1),
  /**
   * The name for English readers (`displayName` is the name in the city's own language). Optional: accounts made
   * before it existed, or without one, show `displayName` in both languages.
   */
  nameEn: z.string().min(1).optional(),
  role: RoleSchema,
  /** For crew members: their crew and its utility. */
  crewId: z.string().nullable().default(null),
  utility: UtilitySchema.nullable().default(null),
  gridIds: z.array(z.string()).default([]),
  /** A disabled account cannot log in and its tokens stop working; its name stays on the events it touched. */
  disabled: z.boolean().optional(),
});
export type User = z.infer<typeof UserSchema>;
