import { describe, expect, it } from 'vitest';
import { decodeMessage, fastPathItems } from '../../iot-bridge/decode-reading.js';
import { BatchPayloadSchema, LIMITS, ReadingPayloadSchema } from '../../core/contracts/mqtt.js';
import { SeededRandom } from '../../core/random/seeded-random.js';
import { CONTRACT_CASES, materialise } from './contract-cases.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const context = { now: NOW, isKnownSensor: (id: string) => id === 'sen-1' };

describe('iot-bridge/decode-reading', () => {
  it('has the contract test vectors', () => {
    expect(CONTRACT_CASES.length).toBeGreaterThanOrEqual(18);
  });

  for (const c of CONTRACT_CASES) {
    it(`contract: ${c.name}`, () => {
      const { topic, payload } = materialise(c, 'sen-1', NOW);
      const d = decodeMessage(topic, payload, context);
      if (c.rejected !== undefined) {
        expect(d.kind).toBe('rejected');
        if (d.kind === 'rejected') expect(d.reason).toBe(c.rejected);
      } else {
        expect(d.kind).toBe('readings');
        // A duplicate decodes fine: it is dropped at storage, by its seq.
        if (d.kind === 'readings') expect(d.readings).toHaveLength(c.duplicateOf ? 1 : c.stored!);
      }
    });
  }

  it('parses ISO-8601 with an offset to epoch ms', () => {
    const d = decodeMessage(
      'gridtwin/v1/sensors/sen-1/reading',
      Buffer.from('{"ts":"2026-11-22T08:00:00+08:00","value":3}'),
      context,
    );
    expect(d).toMatchObject({
      kind: 'readings',
      readings: [{ ts: Date.parse('2026-11-22T00:00:00Z'), value: 3, seq: null }],
    });
  });

  it('rejects epoch seconds as a schema error and accepts a timestamp 4 minutes ahead', () => {
    const secs = decodeMessage(
      'gridtwin/v1/sensors/sen-1/reading',
      Buffer.from(`{"ts":${Math.floor(NOW / 1000)},"value":1}`),
      context,
    );
    expect(secs).toMatchObject({ kind: 'rejected', reason: 'schema' });
    const ahead = decodeMessage(
      'gridtwin/v1/sensors/sen-1/reading',
      Buffer.from(`{"ts":${NOW + 240_000},"value":1}`),
      context,
    );
    expect(ahead.kind).toBe('readings');
  });

  it('decodes status words, JSON strings and an empty retained clear', () => {
    const topic = 'gridtwin/v1/sensors/sen-1/status';
    expect(decodeMessage(topic, Buffer.from('offline'), context)).toMatchObject({ kind: 'status', status: 'offline' });
    expect(decodeMessage(topic, Buffer.from('"online"'), context)).toMatchObject({ kind: 'status', status: 'online' });
    expect(decodeMessage(topic, Buffer.alloc(0), context).kind).toBe('ignored');
    expect(decodeMessage(topic, Buffer.from('maybe'), context)).toMatchObject({ kind: 'rejected', reason: 'schema' });
  });

  it('rejects a batch of 10,001 readings (it cannot fit in 64 KiB, so the size check answers first)', () => {
    const readings = Array.from({ length: 10_001 }, () => ({ ts: NOW, value: 1 }));
    const d = decodeMessage('gridtwin/v1/sensors/sen-1/reading', Buffer.from(JSON.stringify({ readings })), context);
    expect(d).toMatchObject({ kind: 'rejected', reason: 'oversize' });
  });

  it('fast path: accepts only what the schemas accept, with the same readings (randomised shapes)', () => {
    const rnd = new SeededRandom(5);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd.next() * xs.length)]!;
    const tsValues: unknown[] = [
      NOW,
      NOW + 0.4,
      NOW + 0.6,
      LIMITS.minEpochMs,
      LIMITS.minEpochMs - 1,
      Math.floor(NOW / 1000),
      -1,
      0,
      '2026-11-22T08:00:00Z',
      null,
      undefined,
      true,
    ];
    const numbers: unknown[] = [0, -0, 1.5, -3e5, 1e308, '1', null, undefined, [], {}];
    const seqs: unknown[] = [undefined, 0, 7, 1.5, -1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, '3', null];
    const reading = () => {
      const r: Record<string, unknown> = { ts: pick(tsValues), value: pick(numbers), seq: pick(seqs) };
      if (rnd.next() < 0.1) r.extra = 'x';
      for (const k of Object.keys(r)) if (r[k] === undefined && rnd.next() < 0.5) delete r[k];
      return r;
    };
    let fast = 0,
      agreedRejects = 0;
    for (let i = 0; i < 3000; i++) {
      const shape = rnd.next();
      const data: unknown =
        shape < 0.5
          ? reading()
          : shape < 0.9
            ? { readings: Array.from({ length: Math.floor(rnd.next() * 4) }, reading) }
            : pick([null, 3, 'x', [reading()], { readings: 'no' }, { readings: [reading(), 5] }]);
      const items = fastPathItems(data);
      const isBatch = typeof data === 'object' && data !== null && 'readings' in data;
      const parsed = isBatch ? BatchPayloadSchema.safeParse(data) : ReadingPayloadSchema.safeParse(data);
      if (items !== null) {
        fast++;
        expect(parsed.success).toBe(true);
        const schemaItems = parsed.success ? ('readings' in parsed.data ? parsed.data.readings : [parsed.data]) : [];
        expect(items.map((r) => ({ ts: Math.round(r.ts), value: r.value, seq: r.seq }))).toEqual(
          schemaItems.map((r) => ({ ts: r.ts, value: r.value, seq: r.seq })),
        );
      } else if (!parsed.success) agreedRejects++;
      else {
        // Declined but valid: only ISO-8601 string timestamps take the schema path.
        const list = isBatch ? (data as { readings: { ts: unknown }[] }).readings : [data as { ts: unknown }];
        expect(list.some((r) => typeof r.ts === 'string')).toBe(true);
      }
    }
    expect(fast).toBeGreaterThan(100);
    expect(agreedRejects).toBeGreaterThan(100);
  });
});
