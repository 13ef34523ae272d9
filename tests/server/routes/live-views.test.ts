import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventSummary } from '../../../core/contracts/index.js';
import { EventSchema, UserSchema, type User } from '../../../core/model/index.js';
import { LiveHub } from '../../../iot-bridge/live/live-hub.js';
import { attachLiveSocket } from '../../../server/routes/live.routes.js';
import { waitUntil } from '../../iot-bridge/bridge-fixture.js';

interface Frame {
  type: string;
  seq: number;
  events: EventSummary[];
}

function event(id: string, gridId: string, extra: Record<string, unknown> = {}): EventSummary {
  const { transitions: _t, ...summary } = EventSchema.parse({
    id,
    source: { kind: 'report', reporter: 'u-citizen' },
    category: 'leak',
    title: 'leak: water pouring out of the pavement in front of No. 12',
    description: 'Mrs Li at No. 12 (phone 13800001234) saw it first',
    severity: 'major',
    utility: 'water',
    location: [121.5, 31.2],
    gridId,
    state: 'assigned',
    assignedWorker: '王芳',
    assignedCrewId: null,
    createdAt: 1,
    updatedAt: 1,
    slaDueAt: 2,
    ...extra,
  });
  return summary;
}

const crew: User = UserSchema.parse({
  id: 'u-crew',
  username: 'li.crew',
  displayName: 'Li',
  role: 'crew',
  crewId: 'crew-water',
  gridIds: ['cell-a'],
});
const manager: User = UserSchema.parse({ id: 'u-man', username: 'wang', displayName: 'Wang', role: 'manager' });

describe('server/routes/live.routes: what each live client may see', () => {
  let server: http.Server, hub: LiveHub, closeLive: () => void, url: string;
  const open = [
    event('e-a', 'cell-a'),
    event('e-b', 'cell-b'),
    event('e-c', 'cell-c', { assignedCrewId: 'crew-water' }),
  ];
  beforeAll(async () => {
    hub = new LiveHub({ tickMs: 20, openEvents: () => open });
    server = http.createServer((_req, res) => res.end());
    const tokens: Record<string, User> = { 'crew-token': crew, 'manager-token': manager };
    closeLive = attachLiveSocket(server, hub, {
      userOfToken: async (token) => {
        const user = tokens[token];
        if (!user) throw new Error('unknown token');
        return user;
      },
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

  async function client(token?: string): Promise<{ ws: WebSocket; frames: Frame[] }> {
    const ws = new WebSocket(token ? `${url}?token=${token}` : url);
    const frames: Frame[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d)) as Frame));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    await waitUntil(() => frames.length >= 1, 2000, 'snapshot');
    return { ws, frames };
  }

  it('gives a crew member only the events of their cells and crew, a manager all, an anonymous reader no personal data', async () => {
    const c = await client('crew-token');
    const m = await client('manager-token');
    const p = await client();
    expect(c.frames[0]!.events.map((e) => e.id).sort()).toEqual(['e-a', 'e-c']);
    expect(m.frames[0]!.events.map((e) => e.id).sort()).toEqual(['e-a', 'e-b', 'e-c']);
    expect(m.frames[0]!.events[0]!.description).toContain('Mrs Li');
    expect(p.frames[0]!.events).toHaveLength(3);
    const publicText = JSON.stringify(p.frames[0]);
    for (const secret of ['Mrs Li', '13800001234', 'u-citizen', '王芳', 'pouring'])
      expect(publicText).not.toContain(secret);

    // Deltas: the crew gets the change in its cell, not the one in another cell; the public view is redacted too.
    hub.event(event('e-d', 'cell-b'));
    hub.event(event('e-e', 'cell-a'));
    hub.tick();
    await waitUntil(() => [c, m, p].every((x) => x.frames.length >= 2), 2000, 'a delta to each');
    expect(c.frames[1]!.events.map((e) => e.id)).toEqual(['e-e']);
    expect(m.frames[1]!.events.map((e) => e.id)).toEqual(['e-d', 'e-e']);
    expect(p.frames[1]!.events.map((e) => e.id)).toEqual(['e-d', 'e-e']);
    expect(JSON.stringify(p.frames[1])).not.toContain('Mrs Li');
    // All three carry the same seq: one delta, three views.
    expect(new Set([c, m, p].map((x) => x.frames[1]!.seq)).size).toBe(1);

    // A crew that reconnects with its last seq gets the missed deltas filtered the same way.
    const lastSeq = c.frames[1]!.seq;
    c.ws.close();
    hub.event(event('e-f', 'cell-b'));
    hub.tick();
    hub.event(event('e-g', 'cell-a'));
    hub.tick();
    const again = new WebSocket(`${url}?token=crew-token&since=${lastSeq}`);
    const frames: Frame[] = [];
    again.on('message', (d) => frames.push(JSON.parse(String(d)) as Frame));
    await waitUntil(() => frames.length >= 2, 2000, 'the missed deltas');
    expect(frames.map((f) => f.type)).toEqual(['delta', 'delta']);
    expect(frames.flatMap((f) => f.events.map((e) => e.id))).toEqual(['e-g']);
    for (const x of [again, m.ws, p.ws]) x.close();
  });
});
