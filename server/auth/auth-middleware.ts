import type { Request, RequestHandler } from 'express';
import type { Role, User } from '../../core/model/index.js';
import { ApiError } from '../errors.js';
import type { AuthService } from '../services/auth.service.js';
import { bearerTokenOf } from './bearer-token.js';

const users = new WeakMap<Request, User>();

/**
 * Reads `Authorization: Bearer <token>`: a valid token attaches its user to the request (see {@link currentUser}); an
 * unknown or expired one is a 401 at once; no header leaves the request anonymous (routes decide with
 * {@link requireUser} / {@link requireRole}).
 */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      next();
      return;
    }
    const token = bearerTokenOf(header);
    if (token === null)
      throw new ApiError('GT_ERR_UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
    users.set(req, await auth.userOfToken(token));
    next();
  };
}

/** The authenticated user of a request, or null. */
export function currentUser(req: Request): User | null {
  return users.get(req) ?? null;
}

/** The authenticated user; 401 when the request carries no token. */
export function requireUser(req: Request): User {
  const user = users.get(req);
  if (user === undefined)
    throw new ApiError(
      'GT_ERR_UNAUTHENTICATED',
      'log in first: send Authorization: Bearer <token> from POST /api/auth/login',
    );
  return user;
}

/** Middleware: 401 without a user, 403 (naming the roles allowed) when the user's role is not in `roles`. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const user = requireUser(req);
    if (!roles.includes(user.role)) {
      throw new ApiError('GT_ERR_FORBIDDEN', `this needs role ${roles.join(' or ')}; ${user.username} is ${user.role}`);
    }
    next();
  };
}

/** The same check as {@link requireRole}, inside a handler. */
export function assertRole(user: User, roles: readonly Role[], what: string): void {
  if (!roles.includes(user.role))
    throw new ApiError(
      'GT_ERR_FORBIDDEN',
      `${what} needs role ${roles.join(' or ')}; ${user.username} is ${user.role}`,
    );
}

/**
 * `authenticate` and `requireRole` in one middleware, for routes outside the incident router (e.g. the simulations'
 * `authorize` option): 401 without a valid token, 403 for other roles.
 *
 * @example
 * createApp({ ..., simulation: { authorize: authorizeRoles(incidents.auth, 'admin', 'manager', 'planner') } });
 */
export function authorizeRoles(auth: AuthService, ...roles: Role[]): RequestHandler {
  const readToken = authenticate(auth);
  const check = requireRole(...roles);
  return async (req, res, next) => {
    await readToken(req, res, () => undefined);
    check(req, res, next);
  };
}
