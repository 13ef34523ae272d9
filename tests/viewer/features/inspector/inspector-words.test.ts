import { describe, expect, it } from 'vitest';
import type { Attributes } from '../../../../core/model/index.js';
import { attributeRows, valueWords } from '../../../../viewer/features/inspector/inspector-words.js';

const CJK = /[\u4e00-\u9fff]/;

describe('viewer/features/inspector/inspector-words', () => {
  it('names the attributes the demo generator and the importers write, in both languages', () => {
    // A sample: a demo water main and gas valve, a power chamber, a valve and a pipe from a pipe-GIS import.
    const samples: Attributes[] = [
      { role: 'trunk', pressureClass: 'MP-B 0.2-0.4 MPa' },
      { valveType: 'ball', manholeDepthM: 2.1 },
      { role: 'cable chamber', ways: 12, envelope: '600x360' },
      { onPipe: 'w-l-000307', snappedM: 0.42 },
      { splitAtValves: 2, deadEnd: true },
    ];
    for (const attributes of samples) {
      const keys = Object.keys(attributes);
      const en = attributeRows('en', attributes);
      const zh = attributeRows('zh', attributes);
      expect(en.map((r) => r[0])).toEqual(keys.map((k) => `attr-${k}`));
      for (const [i, k] of keys.entries()) {
        // No raw key: the English label is not the key itself, the Chinese one is in Chinese.
        expect(en[i]![1], k).not.toBe(k);
        expect(zh[i]![1], k).toMatch(CJK);
      }
    }
    expect(attributeRows('en', { onPipe: 'w-l-1', snappedM: 0.42 })).toEqual([
      ['attr-onPipe', 'On pipe', 'w-l-1'],
      ['attr-snappedM', 'Moved onto the pipe (m)', '0.42'],
    ]);
  });

  it('translates enum values and keeps numbers, ids and free text as they are', () => {
    expect(valueWords('zh', 'ball')).toBe('球阀');
    expect(valueWords('en', true)).toBe('yes');
    expect(valueWords('zh', 'cable chamber')).toMatch(CJK);
    expect(valueWords('zh', 'w-l-000307')).toBe('w-l-000307');
    expect(valueWords('en', 0.42)).toBe('0.42');
    expect(valueWords('en', null)).toBe('—');
  });
});
