import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { Router } from 'express';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { LIVE_PATH, LiveInfoSchema } from '../../core/contracts/index.js';
import { canSeeEvent } from '../../core/incident/event-permissions.js';
import type { User } from '../../core/model/index.js';
import type { LiveStream, LiveView } from '../ports.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';
import { LOGIN_REQUIRED, readerOf, type ReadPolicy } from '../auth/read-access.js';
import { publicEvent } from '../auth/public-redaction.js';

export { LIVE_PATH };

/** The WebSocket subprotocol that carries the bearer token: `gridtwin.token.<token>` (browsers cannot set headers). */
export const LIVE_TOKEN_PROTOCOL_PREFIX = 'gridtwin.token.';
/** The subprotocol the server answers with (a token is never echoed back). */
export const LIVE_PROTOCOL = 'gridtwin.live';

export const liveEndpoints = {
  describe: defineEndpoint({
    method: 'get',
    path: LIVE_PATH,
    operationId: 'liveStream',
    tag: 'live',
    summary:
      'WebSocket (upgrade this GET): a snapshot {type:"snapshot",seq,sensors,alerts,events}, then deltas ' +
      '{type:"delta",seq,...} with seq increasing by one; reconnect with ?since=<last seq> to get what was missed. ' +
      `The upgrade needs a login token, as ?token=<token> or as the subprotocol "${LIVE_TOKEN_PROTOCOL_PREFIX}<token>" ` +
      `(with "${LIVE_PROTOCOL}" beside it), unless the server runs with PUBLIC_READ; a browser's Origin must be this ` +
      'server or one of ALLOWED_ORIGINS. A crew member gets the events of their crew and cells; an anonymous reader ' +
      'gets events without personal data',
    query: z.object({
      since: z.string().optional().describe('Last seq received (on reconnect)'),
      token: z.string().optional().describe('Bearer token from POST /api/auth/login (or use the subprotocol)'),
    }),
    response: LiveInfoSchema,
    errors: ['GT_ERR_UNAUTHENTICATED'],
  }),
};

/** Without an upgrade, GET /api/live describes the stream (and documents it in OpenAPI). */
export function liveRoutes(hub: LiveStream, policy: ReadPolicy = LOGIN_REQUIRED) {
  const router = Router();
  mountEndpoint(router, liveEndpoints.describe, async (_input, req) => {
    readerOf(req, policy, 'the live stream');
    return { websocket: LIVE_PATH, currentSeq: hub.currentSeq, clients: hub.clientCount };
  });
  return { router, endpoints: Object.values(liveEndpoints) };
}

/** Options of the live socket. */
export interface LiveSocketOptions {
  /** Ping interval; a client that misses a pong is dropped, ms. Default 30 s. */
  pingMs?: number;
  /** The user of a bearer token; throws (or rejects) for an unknown or expired one. */
  userOfToken: (token: string) => Promise<User>;
  /** Whether an anonymous client may connect (and get the public view). Default: no. */
  policy?: ReadPolicy;
  /** Browser origins allowed besides the server's own (e.g. `http://localhost:5173` for the Vite dev server). */
  allowedOrigins?: readonly string[];
}

/** The view of a logged-in user: a crew member sees the events of their crew, their cells and their own reports. */
export function userView(user: User): LiveView {
  if (user.role !== 'crew') return { key: 'all', event: (e) => e };
  return {
    key: `user:${user.id}`,
    event: (e) => (canSeeEvent(user, { ...e, transitions: [] }).ok ? e : null),
  };
}

/** The view of an anonymous reader in public read-only mode. */
export const PUBLIC_VIEW: LiveView = { key: 'public', event: publicEvent };

/** The token of an upgrade request: `?token=` or the `gridtwin.token.<token>` subprotocol. */
function tokenOf(req: http.IncomingMessage, url: URL): string | null {
  const query = url.searchParams.get('token');
  if (query) return query;
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const carried = protocols.find((p) => p.startsWith(LIVE_TOKEN_PROTOCOL_PREFIX));
  return carried ? carried.slice(LIVE_TOKEN_PROTOCOL_PREFIX.length) : null;
}

/**
 * Same origin (the Origin's host is the Host the browser asked for) or an allowed one. Non-browser clients send no
 * Origin; they are held to the token like everyone else (Origin only protects a browser's ambient session).
 */
export function originAllowed(req: http.IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Refuses an upgrade with a plain HTTP answer (the socket is not a WebSocket yet). */
function refuse(socket: Duplex, status: 401 | 403, reason: string): void {
  const body = JSON.stringify({
    error: { code: status === 401 ? 'GT_ERR_UNAUTHENTICATED' : 'GT_ERR_FORBIDDEN', message: reason },
  });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Serves the live stream on `server`'s upgrade requests to /api/live (other upgrade paths are left to their owners):
 * checks the Origin, then the token (or the public read mode), and connects the client with the view its login
 * allows. Answers a function that closes every live socket.
 */
export function attachLiveSocket(server: http.Server, hub: LiveStream, options: LiveSocketOptions): () => void {
  // Browsers send nothing large; a small maxPayload keeps a hostile client from buffering megabytes on us.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    // Answer with the plain protocol name when the client offered it; never echo the token.
    handleProtocols: (protocols) => (protocols.has(LIVE_PROTOCOL) ? LIVE_PROTOCOL : false),
  });
  const alive = new WeakMap<WebSocket, boolean>();
  const policy = options.policy ?? LOGIN_REQUIRED;
  const allowedOrigins = options.allowedOrigins ?? [];
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== LIVE_PATH) return;
    if (!originAllowed(req, allowedOrigins)) {
      refuse(
        socket,
        403,
        `origin ${req.headers.origin} may not open the live stream (set ALLOWED_ORIGINS to allow it)`,
      );
      return;
    }
    const sinceText = url.searchParams.get('since');
    const since = sinceText !== null && /^\d+$/.test(sinceText) ? Number(sinceText) : undefined;
    const token = tokenOf(req, url);
    const viewOf = async (): Promise<LiveView | string> => {
      if (token === null) return policy.publicRead ? PUBLIC_VIEW : 'the live stream needs a login token (?token=)';
      try {
        return userView(await options.userOfToken(token));
      } catch {
        return 'the token is unknown or expired: log in again';
      }
    };
    void viewOf().then((view) => {
      if (typeof view === 'string') {
        refuse(socket, 401, view);
        return;
      }
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => {
        alive.set(ws, true);
        ws.on('pong', () => alive.set(ws, true));
        const disconnect = hub.connect(ws, since, view);
        ws.on('close', disconnect);
        ws.on('error', () => ws.terminate());
      });
    });
  };
  server.on('upgrade', onUpgrade);
  const ping = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.pingMs ?? 30_000);
  ping.unref();
  return () => {
    clearInterval(ping);
    server.off('upgrade', onUpgrade);
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  };
}
