import { Router } from 'express';
import { z } from 'zod';
import { LoginAnswerSchema, LogoutAnswerSchema } from '../../core/contracts/index.js';
import { UserSchema } from '../../core/model/index.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import { requireUser } from '../auth/auth-middleware.js';
import { bearerTokenOf } from '../auth/bearer-token.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import type { AuthService } from '../services/auth.service.js';
import { parseBody } from './request-body.js';

const LoginBodySchema = z.strictObject({
  username: z.string().min(1, { error: 'username is required' }).max(100),
  password: z.string().min(1, { error: 'password is required' }).max(1000),
});

export const authEndpoints = {
  login: defineEndpoint({
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    tag: 'auth',
    summary: 'Log in with {"username","password"}: answers a bearer token (valid 12 h) and the user',
    response: LoginAnswerSchema,
    errors: ['GT_ERR_BAD_REQUEST', 'GT_ERR_BAD_CREDENTIALS', 'GT_ERR_TOO_MANY_REQUESTS'],
  }),
  logout: defineEndpoint({
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag: 'auth',
    summary: 'End the session of the bearer token',
    response: LogoutAnswerSchema,
    errors: ['GT_ERR_UNAUTHENTICATED'],
  }),
  me: defineEndpoint({
    method: 'get',
    path: '/api/auth/me',
    operationId: 'me',
    tag: 'auth',
    summary: 'The user of the bearer token',
    response: UserSchema,
    errors: ['GT_ERR_UNAUTHENTICATED'],
  }),
};

/**
 * `/api/auth`: login, logout, me. The `authenticate` middleware must run before it. Logins go through `throttle`
 * (per-address and per-account limits, 429 with Retry-After; see LoginThrottle).
 */
export function authRoutes(auth: AuthService, throttle: LoginThrottle = new LoginThrottle()): Router {
  const router = Router();
  mountEndpoint(router, authEndpoints.login, async (_input, req) => {
    const body = parseBody(LoginBodySchema, req);
    return throttle.attempt(req.ip ?? req.socket.remoteAddress ?? 'unknown', body.username, () =>
      auth.login(body.username, body.password),
    );
  });
  mountEndpoint(router, authEndpoints.logout, async (_input, req) => {
    requireUser(req);
    await auth.logout(bearerTokenOf(req.get('authorization'))!);
    return { ok: true };
  });
  mountEndpoint(router, authEndpoints.me, async (_input, req) => requireUser(req));
  return router;
}
