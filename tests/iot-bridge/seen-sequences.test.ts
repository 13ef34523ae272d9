import { describe, expect, it } from 'vitest';
import { SeenSequences } from '../../iot-bridge/seen-sequences.js';

describe('SeenSequences', () => {
  it('answers false for a seq seen before, per sensor', () => {
    const seen = new SeenSequences(4);
    expect(seen.add('a', 1)).toBe(true);
    expect(seen.add('a', 1)).toBe(false);
    expect(seen.add('b', 1)).toBe(true);
  });

  it('remembers the last perSensor seqs in arrival order, forgetting the oldest first', () => {
    const seen = new SeenSequences(3);
    for (const seq of [10, 5, 7]) expect(seen.add('a', seq)).toBe(true);
    expect(seen.add('a', 8)).toBe(true); // evicts 10, the first to arrive
    expect(seen.add('a', 5)).toBe(false);
    expect(seen.add('a', 7)).toBe(false);
    expect(seen.add('a', 10)).toBe(true); // forgotten, so new again; evicts 5
    expect(seen.add('a', 5)).toBe(true);
    expect(seen.add('a', 8)).toBe(false);
  });

  it('stays bounded over a long stream', () => {
    const seen = new SeenSequences(512);
    for (let seq = 0; seq < 10_000; seq++) expect(seen.add('a', seq)).toBe(true);
    expect(seen.add('a', 9_999 - 511)).toBe(false);
    expect(seen.add('a', 9_999 - 512)).toBe(true);
  });
});
