import { describe, expect, it } from 'vitest';
import type { Reading } from '../../iot-bridge/decode-reading.js';
import { ReadingsWriter, type ReadingsSink } from '../../iot-bridge/readings-writer.js';

/** A sink that keeps every batch it is given (in memory, as a database would keep the rows). */
function recordingSink(): ReadingsSink & { batches: Reading[][] } {
  const batches: Reading[][] = [];
  const seen = new Set<string>();
  return {
    batches,
    async insert(_cityId, readings) {
      await new Promise((r) => setTimeout(r, 1));
      batches.push([...readings]);
      let fresh = 0;
      for (const r of readings) {
        const key = `${r.sensorId}:${r.seq}`;
        if (!seen.has(key)) fresh++;
        seen.add(key);
      }
      return fresh;
    },
  };
}

const reading = (seq: number, sensorId = 's-1'): Reading => ({
  sensorId,
  ts: 1_700_000_000_000 + seq,
  value: seq,
  seq,
});

describe('iot-bridge/readings-writer', () => {
  it('writes a deep queue of one-reading messages in order, in transactions of at most maxBatch', async () => {
    const sink = recordingSink();
    const written: number[] = [];
    const writer = new ReadingsWriter({
      sink,
      cityId: 'c',
      maxBatch: 1000,
      onWritten: (inserted) => written.push(inserted),
    });
    // 50,000 messages queued before any transaction ends (a QoS 0 flood while the database is busy elsewhere).
    for (let i = 0; i < 50_000; i++) writer.enqueue([reading(i)]);
    // A message of several readings is never split across transactions.
    const multi = writer.write([reading(50_000, 's-2'), reading(50_001, 's-2'), reading(50_002, 's-2')]);
    expect(writer.depth).toBe(50_003);
    await writer.flush();
    await multi;
    expect(writer.depth).toBe(0);
    expect(sink.batches.every((b) => b.length <= 1000)).toBe(true);
    expect(sink.batches.slice(0, 50).map((b) => b.length)).toEqual(Array.from({ length: 50 }, () => 1000));
    expect(sink.batches.at(-1)).toEqual([reading(50_000, 's-2'), reading(50_001, 's-2'), reading(50_002, 's-2')]);
    expect(sink.batches.flat().map((r) => r.seq)).toEqual(Array.from({ length: 50_003 }, (_, i) => i));
    expect(written.reduce((a, b) => a + b, 0)).toBe(50_003);
    await writer.close();
  });

  it("takes the sink's maxBatch as its transaction size when none is given", async () => {
    const sink = Object.assign(recordingSink(), { maxBatch: 2500 });
    const writer = new ReadingsWriter({ sink, cityId: 'c' });
    for (let i = 0; i < 6000; i++) writer.enqueue([reading(i)]);
    await writer.flush();
    expect(sink.batches.map((b) => b.length)).toEqual([2500, 2500, 1000]);
    await writer.close();
  });

  it('keeps transactions at waitedBatch while callers wait on them (QoS 1), however large the sink takes them', async () => {
    const sink = Object.assign(recordingSink(), { maxBatch: 2500 });
    const writer = new ReadingsWriter({ sink, cityId: 'c', waitedBatch: 1000 });
    const waits = Array.from({ length: 3000 }, (_, i) => writer.write([reading(i)]));
    await Promise.all(waits);
    expect(sink.batches.flat()).toHaveLength(3000);
    expect(Math.max(...sink.batches.map((b) => b.length))).toBe(1000);
    await writer.close();
  });
});
