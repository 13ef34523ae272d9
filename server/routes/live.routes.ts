import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { Router } from 'express';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { LIVE_PATH, LiveInfoSchema } from '../../core/contracts/index.js';
import type { LiveStream } from '../ports.js';
import { defineEndpoint, mountEndpoint } from '../http/endpoint.js';

export { LIVE_PATH };

export const liveEndpoints = {
  describe: defineEndpoint({
    method: 'get',
    path: LIVE_PATH,
    operationId: 'liveStream',
    tag: 'live',
    summary:
      'WebSocket (upgrade this GET): a snapshot {type:"snapshot",seq,sensors,alerts,events}, then deltas ' +
      '{type:"delta",seq,...} with seq increasing by one; reconnect with ?since=<last seq> to get what was missed',
    query: z.object({ since: z.string().optional().describe('Last seq received (on reconnect)') }),
    response: LiveInfoSchema,
  }),
};

/** Without an upgrade, GET /api/live describes the stream (and documents it in OpenAPI). */
export function liveRoutes(hub: LiveStream) {
  const router = Router();
  mountEndpoint(router, liveEndpoints.describe, async () => ({
    websocket: LIVE_PATH,
    currentSeq: hub.currentSeq,
    clients: hub.clientCount,
  }));
  return { router, endpoints: Object.values(liveEndpoints) };
}

/** Options of the live socket. */
export interface LiveSocketOptions {
  /** Ping interval; a client that misses a pong is dropped, ms. Default 30 s. */
  pingMs?: number;
}

/**
 * Serves the live stream on `server`'s upgrade requests to /api/live (other upgrade paths are left to their owners).
 * Answers a function that closes every live socket.
 */
export function attachLiveSocket(server: http.Server, hub: LiveStream, options: LiveSocketOptions = {}): () => void {
  // Browsers send nothing large; a small maxPayload keeps a hostile client from buffering megabytes on us.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const alive = new WeakMap<WebSocket, boolean>();
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== LIVE_PATH) return;
    const sinceText = url.searchParams.get('since');
    const since = sinceText !== null && /^\d+$/.test(sinceText) ? Number(sinceText) : undefined;
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      const disconnect = hub.connect(ws, since);
      ws.on('close', disconnect);
      ws.on('error', () => ws.terminate());
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
