/** A pipe's circle in the section drawing (SVG units) and the two lines of its label. */
export interface SectionMark {
  cx: number;
  cy: number;
  r: number;
  lines: [string, string];
}

/** Where a label goes: its box (centre x, top y), and whether it needs a leader line to its circle. */
export interface PlacedLabel {
  x: number;
  top: number;
  width: number;
  height: number;
  leader: boolean;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const LINE_SIZES = [10, 9] as const;
export const LABEL_HEIGHT = 24;
const GAP = 3;

/** Width of `text` at `fontSize` in a sans-serif face: CJK glyphs are square, Latin ones about 0.56 em on average. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += ch.codePointAt(0)! >= 0x2e80 ? 1 : 0.56;
  return em * fontSize;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Places each pipe's label above or below its circle so that no two labels overlap each other or any circle, within
 * the drawing's `width` x `height`: close pipes (a duct bank beside a main) had their labels printed over one another.
 * Greedy from left to right, alternating above and below as first choice, moving a label a row further away or
 * sideways (with a leader line) until it fits; a label that fits nowhere keeps its first place.
 */
export function placeSectionLabels(marks: readonly SectionMark[], width: number, height: number): PlacedLabel[] {
  const circles: Box[] = marks.map((m) => ({
    left: m.cx - m.r,
    right: m.cx + m.r,
    top: m.cy - m.r,
    bottom: m.cy + m.r,
  }));
  const order = marks.map((_, i) => i).sort((a, b) => marks[a]!.cx - marks[b]!.cx);
  const placed: Box[] = [];
  const result: PlacedLabel[] = new Array<PlacedLabel>(marks.length);
  order.forEach((i, rank) => {
    const m = marks[i]!;
    const w = Math.max(...m.lines.map((line, k) => textWidth(line, LINE_SIZES[k]!))) + 4;
    const clampX = (cx: number) => Math.min(Math.max(cx, w / 2 + 2), width - w / 2 - 2);
    const candidates: { x: number; top: number; leader: boolean }[] = [];
    // Right above or below first; then rows further out, each also shifted left and right by about a label's width.
    for (let row = 0; row < 8; row++) {
      const above = m.cy - m.r - GAP - LABEL_HEIGHT - row * (LABEL_HEIGHT + GAP);
      const below = m.cy + m.r + GAP + row * (LABEL_HEIGHT + GAP);
      const tops = rank % 2 === 0 ? [above, below] : [below, above];
      for (const shift of [0, -0.6, 0.6, -1.1, 1.1])
        for (const top of tops) {
          const x = clampX(m.cx + shift * w);
          candidates.push({ x, top, leader: row > 0 || Math.abs(x - m.cx) > w / 2 });
        }
    }
    const box = (x: number, top: number): Box => ({
      left: x - w / 2,
      right: x + w / 2,
      top,
      bottom: top + LABEL_HEIGHT,
    });
    const fits = (x: number, top: number) =>
      top >= 2 &&
      top + LABEL_HEIGHT <= height - 2 &&
      !placed.some((p) => overlaps(p, box(x, top))) &&
      !circles.some((c) => overlaps(c, box(x, top)));
    const chosen = candidates.find((c) => fits(c.x, c.top)) ?? candidates[0]!;
    placed.push(box(chosen.x, chosen.top));
    result[i] = { x: chosen.x, top: chosen.top, width: w, height: LABEL_HEIGHT, leader: chosen.leader };
  });
  return result;
}
