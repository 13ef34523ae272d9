import { describe, expect, it } from 'vitest';
import { OrderedAcks, pubackFrames } from '../../iot-bridge/ordered-acks.js';
import { SeqGapTracker } from '../../iot-bridge/seq-gaps.js';

const turn = () => new Promise((r) => setImmediate(r));

describe('iot-bridge/ordered-acks', () => {
  it('sends acknowledgements in arrival order, only once every earlier one is ready, batched per turn', async () => {
    const sent: number[][] = [];
    const acks = new OrderedAcks((ids) => sent.push(ids));
    const ready = [7, 3, 9, 1].map((id) => acks.add(id));
    ready[1]!();
    ready[2]!();
    await turn();
    expect(sent).toEqual([]); // the first message is not stored yet: nothing may go out
    ready[0]!();
    await turn();
    expect(sent).toEqual([[7, 3, 9]]);
    expect(acks.pending).toBe(1);
    ready[3]!();
    ready[3]!(); // twice is harmless
    await turn();
    expect(sent).toEqual([[7, 3, 9], [1]]);
    expect(acks.pending).toBe(0);
  });

  it('keeps order across compaction of a long-lived connection', async () => {
    const sent: number[] = [];
    const acks = new OrderedAcks((ids) => sent.push(...ids));
    const n = 20_000;
    const ready = Array.from({ length: n }, (_, i) => acks.add(i % 65_535));
    // Ready from the back, in chunks, with turns in between: compaction happens while later ones are still waiting.
    for (let i = n - 1; i >= 0; i--) {
      ready[i]!();
      if (i % 3000 === 0) await turn();
    }
    await turn();
    expect(sent).toEqual(Array.from({ length: n }, (_, i) => i % 65_535));
    const late = acks.add(42);
    late();
    await turn();
    expect(sent.at(-1)).toBe(42);
  });

  it('drops what is pending when the connection is gone', async () => {
    const sent: number[][] = [];
    const acks = new OrderedAcks((ids) => sent.push(ids));
    const ready = acks.add(5);
    acks.drop();
    ready();
    await turn();
    expect(sent).toEqual([]);
  });

  it('encodes PUBACK frames (type 4, remaining length 2, packet id)', () => {
    expect([...pubackFrames([1, 0x1234])]).toEqual([0x40, 2, 0, 1, 0x40, 2, 0x12, 0x34]);
  });
});

describe('iot-bridge/seq-gaps', () => {
  it('counts missing seqs per sensor, fills them when late readings arrive, ignores duplicates', () => {
    const g = new SeqGapTracker();
    for (const s of [0, 1, 2, 5, 6, 10]) g.see('a', s, 1000 + s);
    for (const s of [0, 1, 2, 3]) g.see('b', s, 2000);
    expect(g.snapshot()).toEqual({
      missingReadings: 5,
      sensorsWithGaps: 1,
      bySensor: [{ sensorId: 'a', missing: 5, lastGapAt: 1010 }],
    });
    g.see('a', 3, 3000); // a redelivered reading fills its gap
    g.see('a', 6, 3000); // a duplicate changes nothing
    expect(g.snapshot().missingReadings).toBe(4);
    for (const s of [4, 7, 8, 9]) g.see('a', s, 3000);
    expect(g.snapshot()).toEqual({ missingReadings: 0, sensorsWithGaps: 0, bySensor: [] });
  });

  it('stays bounded on a huge jump and takes a large drop for a device restarting its counter', () => {
    const g = new SeqGapTracker();
    g.see('a', 0, 1);
    g.see('a', 1_000_000, 2);
    expect(g.snapshot().missingReadings).toBe(999_999);
    g.see('a', 0, 3); // restarted: no new gap, and later seqs count from here
    g.see('a', 2, 4);
    expect(g.snapshot().missingReadings).toBe(999_999 + 1);
  });
});
