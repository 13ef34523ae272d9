import type { Request } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import {
  CreatedUserSchema,
  DeletedSchema,
  PasswordResetAnswerSchema,
  UserPageSchema,
} from '../../core/contracts/index.js';
import type { Crew, Grid, User } from '../../core/model/index.js';
import { UserSchema } from '../../core/model/index.js';
import {
  PasswordResetSchema,
  UserPatchSchema,
  UserRecordSchema,
  isRecordProblem,
  resolveUserScope,
} from '../../core/registry/index.js';
import { randomPassword } from '../../store/users/index.js';
import type { AuditStore } from '../../store/audit/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import { assertRole, requireUser } from '../auth/auth-middleware.js';
import { apiErrors } from '../errors.js';
import type { AuthService } from '../services/auth.service.js';
import { cityParam, idParams } from './common-params.js';
import { parseBody } from './request-body.js';

const ADMIN_ERRORS = ['GT_ERR_BAD_REQUEST', 'GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN'] as const;
const cityQuery = z.strictObject({ city: cityParam });

export const userEndpoints = {
  list: defineEndpoint({
    method: 'get',
    path: '/api/users',
    operationId: 'listUsers',
    tag: 'auth',
    summary: 'Every account (admin and manager)',
    response: UserPageSchema,
    errors: ['GT_ERR_UNAUTHENTICATED', 'GT_ERR_FORBIDDEN'],
  }),
  create: defineEndpoint({
    method: 'post',
    path: '/api/users',
    operationId: 'createUser',
    tag: 'auth',
    summary:
      'Create an account (admin), as a row of a user file: {"username","role","displayName"?,"nameEn"?,"crewId"?,"gridIds"?,' +
      '"password"?}; crew and cells (grid codes or ids) are checked against the city; without a password one is ' +
      'generated and answered once. Audited.',
    query: cityQuery,
    body: UserRecordSchema,
    response: CreatedUserSchema,
    errors: [...ADMIN_ERRORS, 'GT_ERR_USER_EXISTS'],
  }),
  update: defineEndpoint({
    method: 'patch',
    path: '/api/users/:id',
    operationId: 'updateUser',
    tag: 'auth',
    summary:
      'Change an account (admin): role, displayName, nameEn, crewId, gridIds, disabled (a disabled account cannot log in and ' +
      'its sessions end); never the last enabled admin. Audited.',
    query: cityQuery,
    params: idParams,
    body: UserPatchSchema,
    response: UserSchema,
    errors: [...ADMIN_ERRORS, 'GT_ERR_USER_NOT_FOUND', 'GT_ERR_LAST_ADMIN'],
  }),
  resetPassword: defineEndpoint({
    method: 'post',
    path: '/api/users/:id/password',
    operationId: 'resetUserPassword',
    tag: 'auth',
    summary:
      'Set a new password (admin): {"password"} or {} for a generated one, answered once; the account is logged out. ' +
      'Audited (without the password).',
    params: idParams,
    body: PasswordResetSchema,
    response: PasswordResetAnswerSchema,
    errors: [...ADMIN_ERRORS, 'GT_ERR_USER_NOT_FOUND'],
  }),
  remove: defineEndpoint({
    method: 'delete',
    path: '/api/users/:id',
    operationId: 'deleteUser',
    tag: 'auth',
    summary: 'Delete an account (admin); never the last enabled admin. Audited.',
    params: idParams,
    response: DeletedSchema,
    errors: [...ADMIN_ERRORS, 'GT_ERR_USER_NOT_FOUND', 'GT_ERR_LAST_ADMIN'],
  }),
};

/** The crews and grids accounts are checked against. */
export type UserScope = (city?: string) => Promise<{ cityId: string; crews: Crew[]; grids: Grid[] }>;

/** `/api/users`: account administration, each change in the audit log. */
export function userRoutes(auth: AuthService, audit: AuditStore, scopeOf: UserScope): Router {
  const router = Router();
  const admin = (req: Request, what: string): User => {
    const user = requireUser(req);
    assertRole(user, ['admin'], what);
    return user;
  };
  const log = (actor: User, id: string, action: 'create' | 'update' | 'delete', before: unknown, after: unknown) =>
    audit.record({
      at: Date.now(),
      actor: { id: actor.id, username: actor.username },
      cityId: null,
      entity: 'user',
      entityId: id,
      action,
      before,
      after,
    });
  const scoped = async (city: string | undefined, r: Parameters<typeof resolveUserScope>[0]) => {
    const scope = resolveUserScope(r, await scopeOf(city));
    if (isRecordProblem(scope)) throw apiErrors.badRequest(`body field ${scope.field}: ${scope.message}`);
    return scope;
  };

  mountEndpoint(router, userEndpoints.list, async (_input, req) => {
    assertRole(requireUser(req), ['admin', 'manager'], 'listing users');
    const items = await auth.listUsers();
    return { items, total: items.length };
  });
  mountEndpoint(router, userEndpoints.create, async ({ query }, req) => {
    const actor = admin(req, 'creating users');
    const r = parseBody(UserRecordSchema, req);
    const scope = await scoped(query.city, r);
    const password = r.password ?? randomPassword();
    const user = await auth.createUser({
      username: r.username,
      password,
      role: r.role,
      ...(r.displayName ? { displayName: r.displayName } : {}),
      ...(r.nameEn ? { nameEn: r.nameEn } : {}),
      ...scope,
    });
    await log(actor, user.id, 'create', null, user);
    return r.password === undefined ? { ...user, password } : user;
  });
  mountEndpoint(router, userEndpoints.update, async ({ query, params }, req) => {
    const actor = admin(req, 'changing users');
    const patch = parseBody(UserPatchSchema, req);
    const current = await auth.getUser(params.id);
    const next: Partial<User> = { ...patch };
    if (patch.crewId !== undefined || patch.gridIds !== undefined || patch.role !== undefined) {
      const scope = await scoped(query.city, {
        role: patch.role ?? current.role,
        crewId: patch.crewId === undefined ? current.crewId : patch.crewId,
        gridIds: patch.gridIds ?? current.gridIds,
        utility: current.utility,
      });
      Object.assign(next, scope);
    }
    const { before, after } = await auth.updateUser(params.id, next);
    await log(actor, after.id, 'update', before, after);
    return after;
  });
  mountEndpoint(router, userEndpoints.resetPassword, async ({ params }, req) => {
    const actor = admin(req, 'resetting passwords');
    const body = parseBody(PasswordResetSchema, req);
    const done = await auth.resetPassword(params.id, body.password);
    await log(actor, params.id, 'update', null, { passwordReset: true, username: done.user.username });
    return done;
  });
  mountEndpoint(router, userEndpoints.remove, async ({ params }, req) => {
    const actor = admin(req, 'deleting users');
    const user = await auth.deleteUser(params.id);
    await log(actor, params.id, 'delete', user, null);
    return { deleted: params.id };
  });
  return router;
}
