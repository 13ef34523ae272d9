import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../iot-bridge/decode-reading.js';
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
    const d = decodeMessage('gridtwin/v1/sensors/sen-1/reading', Buffer.from('{"ts":"2026-11-22T08:00:00+08:00","value":3}'), context);
    expect(d).toMatchObject({ kind: 'readings', readings: [{ ts: Date.parse('2026-11-22T00:00:00Z'), value: 3, seq: null }] });
  });

  it('rejects epoch seconds as a schema error and accepts a timestamp 4 minutes ahead', () => {
    const secs = decodeMessage('gridtwin/v1/sensors/sen-1/reading', Buffer.from(`{"ts":${Math.floor(NOW / 1000)},"value":1}`), context);
    expect(secs).toMatchObject({ kind: 'rejected', reason: 'schema' });
    const ahead = decodeMessage('gridtwin/v1/sensors/sen-1/reading', Buffer.from(`{"ts":${NOW + 240_000},"value":1}`), context);
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
});
