import polygonClipping from 'polygon-clipping';
import type { MultiPolygonCoords } from '../../core/model/index.js';

/**
 * The union of several footprints (pieces of one building cut at tile edges, or parts of one site). Falls back to
 * keeping the polygons side by side when the union fails on degenerate input (so no piece is ever lost).
 */
export function unionFootprints(footprints: readonly MultiPolygonCoords[]): MultiPolygonCoords {
  if (footprints.length === 1) return footprints[0]!;
  try {
    const [first, ...rest] = footprints as MultiPolygonCoords[];
    const merged = polygonClipping.union(
      first as polygonClipping.MultiPolygon,
      ...(rest as polygonClipping.MultiPolygon[]),
    );
    if (merged.length > 0) return merged as MultiPolygonCoords;
  } catch {
    // fall through: degenerate rings (zero area, self-touching) make the sweep line give up
  }
  return footprints.flat();
}

/**
 * Merges pieces that share a key (the source's building id) into one record whose footprint is the union of theirs.
 * Other fields come from `combine` (default: the first piece's). Order follows each key's first appearance.
 * @example mergeBuildingPieces(features, (f) => String(f.sourceId))
 */
export function mergeBuildingPieces<T extends { footprint: MultiPolygonCoords }>(
  pieces: readonly T[],
  keyOf: (piece: T) => string,
  combine: (a: T, b: T) => T = (a) => a,
): T[] {
  const groups = new Map<string, T[]>();
  for (const piece of pieces) {
    const key = keyOf(piece);
    const group = groups.get(key);
    if (group) group.push(piece);
    else groups.set(key, [piece]);
  }
  const out: T[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      out.push(group[0]!);
      continue;
    }
    const merged = group.reduce((a, b) => combine(a, b));
    out.push({ ...merged, footprint: unionFootprints(group.map((p) => p.footprint)) });
  }
  return out;
}
