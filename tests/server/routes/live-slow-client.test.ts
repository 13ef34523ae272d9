import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { attachLiveSocket } from '../../../server/routes/live.routes.js';
import { LiveHub, type LiveConnection, type LiveSensorState } from '../../../iot-bridge/live/live-hub.js';
import { waitUntil } from '../../iot-bridge/bridge-fixture.js';

interface Message {
  type: 'snapshot' | 'delta';
  seq: number;
  sensors: LiveSensorState[];
}

/** A client that records every message it receives, in order. */
function open(url: string): Promise<{ ws: WebSocket; messages: Message[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: Message[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

/** What a browser ends up with after applying the stream: a snapshot replaces the state, a delta updates it. */
function applyStream(messages: readonly Message[]): Map<string, number | null> {
  const state = new Map<string, number | null>();
  for (const m of messages) {
    if (m.type === 'snapshot') state.clear();
    for (const s of m.sensors) state.set(s.sensorId, s.value);
  }
  return state;
}

const SENSORS = 3000;
const MAX_BUFFERED = 256 << 10;

describe('server/routes/live.routes (real sockets: one slow client, one fast)', () => {
  let server: http.Server, hub: LiveHub, closeLive: () => void, url: string;
  const serverSide: LiveConnection[] = [];
  beforeAll(async () => {
    hub = new LiveHub({ tickMs: 20, maxBufferedBytes: MAX_BUFFERED });
    // Keep the server-side sockets to watch their send queues.
    const connect = hub.connect.bind(hub);
    hub.connect = (conn, since, view) => {
      serverSide.push(conn);
      return connect(conn, since, view);
    };
    server = http.createServer((_req, res) => res.end());
    // Anonymous clients in public read mode: this test is about slow sockets, not logins (live.routes.test.ts).
    closeLive = attachLiveSocket(server, hub, {
      userOfToken: () => Promise.reject(new Error('no logins here')),
      policy: { publicRead: true },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`;
  });
  afterAll(async () => {
    closeLive();
    hub.close();
    await new Promise((r) => server.close(r));
  });

  it('the fast client gets every delta in order; the slow one stays bounded and ends consistent', async () => {
    const fast = await open(url);
    const slow = await open(url);
    await waitUntil(
      () => fast.messages.length >= 1 && slow.messages.length >= 1 && serverSide.length === 2,
      2000,
      'snapshots',
    );
    const slowServer = serverSide[1]!;
    // The slow browser stops reading: its TCP window fills, then the server's queue for it grows.
    slow.ws.pause();
    let round = 0,
      maxSlowQueue = 0;
    const publish = setInterval(() => {
      round++;
      for (let i = 0; i < SENSORS; i++) hub.value(`s-${i}`, round, round * 10_000 + i);
    }, 10);
    const watch = setInterval(() => (maxSlowQueue = Math.max(maxSlowQueue, slowServer.bufferedAmount)), 5);
    try {
      await waitUntil(() => hub.counters.skippedSlow > 0, 30_000, 'the slow client to be skipped');
      // Keep going a while after the slow one is skipped: its queue must not grow with the stream.
      const skippedAtSeq = hub.currentSeq;
      await waitUntil(() => hub.currentSeq >= skippedAtSeq + 50, 10_000, 'more deltas');
    } finally {
      clearInterval(publish);
    }
    const finalSeq = await new Promise<number>((r) => setTimeout(() => r(hub.currentSeq), 100));
    clearInterval(watch);
    // One delta (about 3000 sensors) may go out just under the bound; nothing beyond that.
    const deltaBytes = JSON.stringify({
      sensors: Array.from({ length: SENSORS }, (_, i) => ({
        sensorId: `s-${i}`,
        ts: round,
        value: round * 10_000 + i,
        status: 'online',
      })),
    }).length;
    expect(maxSlowQueue).toBeGreaterThan(0);
    expect(maxSlowQueue).toBeLessThanOrEqual(MAX_BUFFERED + 2 * deltaBytes);

    await waitUntil(() => fast.messages.at(-1)?.seq === finalSeq, 10_000, 'the fast client to catch up');
    const fastSeqs = fast.messages.map((m) => m.seq);
    expect(fast.messages.filter((m) => m.type === 'snapshot')).toHaveLength(1);
    for (let i = 1; i < fastSeqs.length; i++) expect(fastSeqs[i]).toBe(fastSeqs[i - 1]! + 1);
    const truth = new Map(hub.sensorStates().map((s) => [s.sensorId, s.value]));
    expect(applyStream(fast.messages)).toEqual(truth);

    // The slow one resumes: it catches up through a fresh snapshot (latest value per sensor), not every delta missed.
    slow.ws.resume();
    // A snapshot goes out on the tick after its queue drains; nudge the stream once so it ends on a delta too.
    await waitUntil(() => slow.messages.some((m, i) => i > 0 && m.type === 'snapshot'), 15_000, 'a catch-up snapshot');
    hub.value('s-0', round + 1, -1);
    const endSeq = hub.currentSeq + 1;
    await waitUntil(
      () => slow.messages.at(-1)?.seq === endSeq && fast.messages.at(-1)?.seq === endSeq,
      10_000,
      'both at the end',
    );
    const slowDeltas = slow.messages.filter((m) => m.type === 'delta').length;
    expect(slowDeltas).toBeLessThan(fast.messages.filter((m) => m.type === 'delta').length);
    // Within the slow stream, every message after a snapshot continues from it without a gap.
    const lastSnapshot = slow.messages.findLastIndex((m) => m.type === 'snapshot');
    const tail = slow.messages.slice(lastSnapshot);
    for (let i = 1; i < tail.length; i++) expect(tail[i]!.seq).toBe(tail[i - 1]!.seq + 1);
    const truthAtEnd = new Map(hub.sensorStates().map((s) => [s.sensorId, s.value]));
    expect(truthAtEnd.get('s-0')).toBe(-1);
    expect(applyStream(slow.messages)).toEqual(truthAtEnd);
    expect(applyStream(fast.messages)).toEqual(truthAtEnd);
    fast.ws.close();
    slow.ws.close();
  }, 60_000);
});
