import { describe, expect, it } from 'vitest';
import {
  placeSectionLabels,
  textWidth,
  type SectionMark,
} from '../../../../viewer/features/excavation/section-labels.js';

const boxesOverlap = (
  a: { x: number; top: number; width: number; height: number },
  b: { x: number; top: number; width: number; height: number },
) =>
  a.x - a.width / 2 < b.x + b.width / 2 &&
  b.x - b.width / 2 < a.x + a.width / 2 &&
  a.top < b.top + b.height &&
  b.top < a.top + a.height;

describe('viewer/features/excavation/section-labels', () => {
  it('measures CJK glyphs wider than Latin ones', () => {
    expect(textWidth('燃气', 10)).toBeCloseTo(20);
    expect(textWidth('Gas', 10)).toBeCloseTo(16.8);
  });

  it('keeps the labels of a crowded section apart and off every circle, inside the drawing', () => {
    // Five pipes within 60 units, at two depths: a duct bank beside a main, as in the demo's trench.
    const marks: SectionMark[] = [
      { cx: 300, cy: 90, r: 4, lines: ['Telecom DN500', 'PVC/HDPE duct bank · cover 0.71 m'] },
      { cx: 312, cy: 150, r: 6, lines: ['Gas DN150', 'PE100 SDR11 · cover 3.13 m'] },
      { cx: 318, cy: 120, r: 5, lines: ['Power DN600', 'MPP duct bank in concrete · cover 1.82 m'] },
      { cx: 330, cy: 170, r: 9, lines: ['Storm drainage DN1500', 'reinforced concrete · cover 5.22 m'] },
      { cx: 345, cy: 160, r: 12, lines: ['Water supply DN800', 'ductile iron · cover 4.25 m'] },
    ];
    const placed = placeSectionLabels(marks, 640, 240);
    expect(placed).toHaveLength(5);
    for (let i = 0; i < placed.length; i++) {
      const p = placed[i]!;
      expect(p.top).toBeGreaterThanOrEqual(2);
      expect(p.top + p.height).toBeLessThanOrEqual(238);
      for (let j = i + 1; j < placed.length; j++)
        expect(boxesOverlap(p, placed[j]!), `labels ${i} and ${j}`).toBe(false);
      for (const m of marks)
        expect(
          boxesOverlap(p, { x: m.cx, top: m.cy - m.r, width: 2 * m.r, height: 2 * m.r }),
          `label ${i} over a pipe`,
        ).toBe(false);
    }
    // Moved labels say so (a leader line to their pipe); the first keeps its place next to its circle.
    expect(placed.some((p) => p.leader)).toBe(true);
    expect(placed[0]!.leader).toBe(false);
  });

  it('leaves a lone pipe its label right above it', () => {
    const [p] = placeSectionLabels([{ cx: 100, cy: 120, r: 5, lines: ['Water DN150', 'cover 1.20 m'] }], 640, 240);
    expect(p!.leader).toBe(false);
    expect(p!.top + p!.height).toBeLessThanOrEqual(115);
    expect(p!.x).toBe(100);
  });
});
