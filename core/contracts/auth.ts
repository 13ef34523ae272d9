import { z } from 'zod';
import { UserSchema } from '../model/index.js';
import { pageOf } from './page.js';

/** POST /api/auth/login. */
export const LoginAnswerSchema = z.object({
  token: z.string(),
  user: UserSchema,
  expiresAt: z.number().int().describe('Epoch ms'),
});
export type LoginAnswer = z.infer<typeof LoginAnswerSchema>;

/** POST /api/auth/logout. */
export const LogoutAnswerSchema = z.object({ ok: z.literal(true) });

/** GET /api/users (GET /api/auth/me and POST /api/users answer a core/model User). */
export const UserPageSchema = pageOf(UserSchema);
