import express, { Router } from 'express';
import type { Endpoint } from '../http/endpoint.js';
import { authenticate } from '../auth/auth-middleware.js';
import { LOGIN_REQUIRED, type ReadPolicy } from '../auth/read-access.js';
import type { IncidentServices } from '../services/incident-services.js';
import { authEndpoints, authRoutes } from './auth.routes.js';
import { eventEndpoints, eventRoutes } from './events.routes.js';
import { kpiEndpoints, kpiRoutes } from './kpis.routes.js';
import { userEndpoints, userRoutes } from './users.routes.js';

/** Paths whose requests carry their own JSON parser (mounted before the app's 1 MB one). */
const AUTH_JSON_LIMIT = '100kb';

/**
 * Auth, users, events and KPIs as one router: bearer tokens are read for these paths only (a bad token is a 401),
 * then each group answers. Mount it before the app's JSON body parser.
 */
export function incidentRoutes(
  services: IncidentServices,
  now: () => number = Date.now,
  policy: ReadPolicy = LOGIN_REQUIRED,
): { router: Router; endpoints: Endpoint[] } {
  const router = Router();
  // Bearer tokens are read wherever a write may need a user (the IoT and simulation routes check roles too).
  const paths = [
    '/api/auth',
    '/api/users',
    '/api/events',
    '/api/kpis',
    '/api/alerts',
    '/api/devices',
    '/api/simulations',
    '/api/sensors',
    '/api/excavations',
    // Reads that depend on who asks (PUBLIC_READ, personal data): see read-access.ts.
    '/api/grids',
    '/api/crews',
    '/api/ingest',
    '/api/live',
    '/api/audit',
  ];
  router.use(paths, authenticate(services.auth));
  router.use(['/api/auth', '/api/users'], express.json({ limit: AUTH_JSON_LIMIT }));
  router.use(authRoutes(services.auth));
  router.use(userRoutes(services.auth, services.audit, services.userScope));
  router.use(eventRoutes(services.events, services.intake, now, services.photoQuota));
  router.use(kpiRoutes(services.kpis, policy));
  const endpoints = [authEndpoints, userEndpoints, eventEndpoints, kpiEndpoints].flatMap(
    (g) => Object.values(g) as Endpoint[],
  );
  return { router, endpoints };
}
