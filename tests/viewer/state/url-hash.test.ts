import { describe, expect, it } from 'vitest';
import { formatHash, parseHash, type SharedView } from '../../../viewer/state/url-hash.js';

describe('viewer/state/url-hash: the shareable view in the URL', () => {
  const view: SharedView = {
    camera: { lonDeg: 121.5055123456, latDeg: 31.2397, heightM: 850.04, headingDeg: 12.34, pitchDeg: -35.06 },
    selection: { type: 'building', id: 'b-001' },
  };

  it('writes the camera with 6 decimals for degrees, 0.1 for metres and angles, and the selection as type:id', () => {
    const hash = formatHash(view);
    const params = new URLSearchParams(hash.slice(1));
    expect(hash.startsWith('#')).toBe(true);
    expect(params.get('cam')).toBe('121.505512,31.239700,850.0,12.3,-35.1');
    expect(params.get('sel')).toBe('building:b-001');
  });

  it('reads back what it wrote, to the precision it wrote', () => {
    const back = parseHash(formatHash(view));
    expect(back.selection).toEqual(view.selection);
    expect(back.camera!.lonDeg).toBeCloseTo(view.camera!.lonDeg, 6);
    expect(back.camera!.latDeg).toBeCloseTo(view.camera!.latDeg, 6);
    expect(back.camera!.heightM).toBeCloseTo(view.camera!.heightM, 1);
    expect(back.camera!.pitchDeg).toBeCloseTo(view.camera!.pitchDeg, 1);
  });

  it('keeps an id holding colons and spaces, and an empty view is an empty hash', () => {
    const sel = { type: 'sensor' as const, id: 'mqtt:site 7/p-1' };
    expect(parseHash(formatHash({ camera: null, selection: sel }))).toEqual({ camera: null, selection: sel });
    expect(formatHash({ camera: null, selection: null })).toBe('#');
    expect(parseHash('')).toEqual({ camera: null, selection: null });
  });

  it('ignores malformed or out-of-range parts instead of throwing', () => {
    for (const hash of [
      '#cam=1,2,3',
      '#cam=a,b,c,d,e',
      '#cam=200,31,100,0,-30',
      '#cam=121,95,100,0,-30',
      '#sel=bridge:x',
      '#sel=building:',
      '#sel=:b-001',
      '#%%%',
    ]) {
      expect(parseHash(hash), hash).toEqual({ camera: null, selection: null });
    }
    // One good part survives a bad neighbour.
    expect(parseHash('#cam=oops&sel=grid:g-cell-w').selection).toEqual({ type: 'grid', id: 'g-cell-w' });
  });
});
