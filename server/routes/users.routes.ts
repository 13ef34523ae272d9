import { Router } from 'express';
import { z } from 'zod';
import { RoleSchema, UserSchema, UtilitySchema } from '../../core/model/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import { assertRole, requireUser } from '../auth/auth-middleware.js';
import type { AuthService } from '../services/auth.service.js';
import { parseBody } from './request-body.js';

const NewUserSchema = z.strictObject({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, {
    error: 'username must be 2-64 lower-case letters, digits, dot, dash or underscore',
  }),
  password: z.string().min(10, { error: 'password must have at least 10 characters' }).max(1000),
  displayName: z.string().min(1).max(200).optional(),
  role: RoleSchema,
  crewId: z.string().min(1).nullable().optional(),
  utility: UtilitySchema.nullable().optional(),
  gridIds: z.array(z.string().min(1)).max(10_000).optional(),
});

export const userEndpoints = {
  list: defineEndpoint({
    method: 'get',
    path: '/api/users',
    operationId: 'listUsers',
    tag: 'auth',
    summary: 'Every account (admin and manager)',
    response: z.object({ items: z.array(UserSchema), total: z.number().int() }),
    errors: ['GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN'],
  }),
  create: defineEndpoint({
    method: 'post',
    path: '/api/users',
    operationId: 'createUser',
    tag: 'auth',
    summary: 'Create an account (admin): {"username","password","role","displayName"?,"crewId"?,"utility"?,"gridIds"?}',
    response: UserSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN', 'GT_ERR_USER_EXISTS'],
  }),
};

/** `/api/users`: account administration. */
export function userRoutes(auth: AuthService): Router {
  const router = Router();
  mountEndpoint(router, userEndpoints.list, async (_input, req) => {
    assertRole(requireUser(req), ['admin', 'manager'], 'listing users');
    const items = await auth.listUsers();
    return { items, total: items.length };
  });
  mountEndpoint(router, userEndpoints.create, async (_input, req) => {
    assertRole(requireUser(req), ['admin'], 'creating users');
    return auth.createUser(parseBody(NewUserSchema, req));
  });
  return router;
}
