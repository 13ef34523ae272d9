import { planeRingArea, type Xy } from './planar.js';

/** A polyline to polygonize; faces to its left take `left`, faces to its right `right` (labels are optional). */
export interface LabelledLine {
  points: Xy[];
  left?: string;
  right?: string;
}

/** A bounded face of the arrangement: a counter-clockwise closed ring, and its label (the length-weighted vote). */
export interface Face {
  ring: Xy[];
  label: string | null;
}

interface Edge {
  a: number;
  b: number;
  /** Label of the face left of a->b, and right of it. */
  left?: string;
  right?: string;
}

/**
 * Polygonizes lines: nodes them at every crossing, drops dangling pieces, and returns the bounded faces of the
 * resulting planar graph (a face on the left of each directed edge, traced by taking the next edge clockwise).
 * Vertices closer than `snapM` merge. Used to cut the city box along district boundaries.
 */
export function polygonize(lines: readonly LabelledLine[], snapM = 1e-6): Face[] {
  // Segments with their source labels, oriented as their line.
  const segs: { p: Xy; q: Xy; left?: string; right?: string }[] = [];
  for (const line of lines) {
    for (let i = 1; i < line.points.length; i++) {
      const p = line.points[i - 1]!,
        q = line.points[i]!;
      if (p[0] === q[0] && p[1] === q[1]) continue;
      segs.push({ p, q, left: line.left, right: line.right });
    }
  }
  // Split parameters per segment from every pairwise intersection.
  const cuts: number[][] = segs.map(() => [0, 1]);
  for (let i = 0; i < segs.length; i++) {
    for (let j = i + 1; j < segs.length; j++) {
      const hit = segmentIntersection(segs[i]!.p, segs[i]!.q, segs[j]!.p, segs[j]!.q);
      if (hit) {
        cuts[i]!.push(hit[0]);
        cuts[j]!.push(hit[1]);
      }
    }
  }
  const vertices: Xy[] = [];
  const vertexByKey = new Map<string, number>();
  const vertexOf = (p: Xy): number => {
    const key = `${Math.round(p[0] / snapM)},${Math.round(p[1] / snapM)}`;
    let v = vertexByKey.get(key);
    if (v === undefined) {
      v = vertices.length;
      vertices.push(p);
      vertexByKey.set(key, v);
    }
    return v;
  };
  const edges = new Map<string, Edge>();
  segs.forEach((s, i) => {
    const ts = [...new Set(cuts[i])].sort((x, y) => x - y);
    let prev = vertexOf(s.p);
    for (let k = 1; k < ts.length; k++) {
      const t = ts[k]!;
      const v = t === 1 ? vertexOf(s.q) : vertexOf([s.p[0] + (s.q[0] - s.p[0]) * t, s.p[1] + (s.q[1] - s.p[1]) * t]);
      if (v !== prev) {
        const key = prev < v ? `${prev}:${v}` : `${v}:${prev}`;
        const existing = edges.get(key);
        // Keep the labels of the first line that brings an edge, oriented a->b.
        if (!existing)
          edges.set(
            key,
            prev < v
              ? { a: prev, b: v, left: s.left, right: s.right }
              : { a: v, b: prev, left: s.right, right: s.left },
          );
        else if (!existing.left && !existing.right) {
          if (prev < v) Object.assign(existing, { left: s.left, right: s.right });
          else Object.assign(existing, { left: s.right, right: s.left });
        }
      }
      prev = v;
    }
  });
  // Drop dangles: edges with an end of degree 1, repeatedly.
  const degree = new Int32Array(vertices.length);
  for (const e of edges.values()) {
    degree[e.a]!++;
    degree[e.b]!++;
  }
  let removed = true;
  while (removed) {
    removed = false;
    for (const [key, e] of edges) {
      if (degree[e.a] === 1 || degree[e.b] === 1) {
        edges.delete(key);
        degree[e.a]!--;
        degree[e.b]!--;
        removed = true;
      }
    }
  }
  // Half-edges: 2k is a->b, 2k+1 is b->a.
  const edgeList = [...edges.values()];
  const from = (h: number): number => (h & 1 ? edgeList[h >> 1]!.b : edgeList[h >> 1]!.a);
  const to = (h: number): number => (h & 1 ? edgeList[h >> 1]!.a : edgeList[h >> 1]!.b);
  const outgoing: number[][] = vertices.map(() => []);
  for (let h = 0; h < edgeList.length * 2; h++) outgoing[from(h)]!.push(h);
  const angle = (h: number): number => {
    const p = vertices[from(h)]!,
      q = vertices[to(h)]!;
    return Math.atan2(q[1] - p[1], q[0] - p[0]);
  };
  const slot = new Int32Array(edgeList.length * 2);
  for (const list of outgoing) {
    list.sort((x, y) => angle(x) - angle(y));
    list.forEach((h, i) => (slot[h] = i));
  }
  // The face left of h continues with the edge first clockwise from h's twin at h's end.
  const next = (h: number): number => {
    const list = outgoing[to(h)]!;
    const twinSlot = slot[h ^ 1]!;
    return list[(twinSlot - 1 + list.length) % list.length]!;
  };
  const visited = new Uint8Array(edgeList.length * 2);
  const faces: Face[] = [];
  for (let h0 = 0; h0 < edgeList.length * 2; h0++) {
    if (visited[h0]) continue;
    const ring: Xy[] = [];
    const votes = new Map<string, number>();
    let h = h0;
    while (!visited[h]) {
      visited[h] = 1;
      const p = vertices[from(h)]!,
        q = vertices[to(h)]!;
      ring.push(p);
      const e = edgeList[h >> 1]!;
      const label = h & 1 ? e.right : e.left;
      if (label) votes.set(label, (votes.get(label) ?? 0) + Math.hypot(q[0] - p[0], q[1] - p[1]));
      h = next(h);
    }
    ring.push(ring[0]!);
    if (planeRingArea(ring) <= 0) continue; // the unbounded face (clockwise) or a degenerate one
    let label: string | null = null;
    let best = 0;
    for (const [l, w] of [...votes].sort((x, y) => (x[0] < y[0] ? -1 : 1))) if (w > best) [label, best] = [l, w];
    faces.push({ ring, label });
  }
  return faces;
}

/** Parameters `[t, u]` where segments p1p2 and p3p4 meet (ends included), or null (also for parallel segments). */
export function segmentIntersection(p1: Xy, p2: Xy, p3: Xy, p4: Xy): [number, number] | null {
  const d1x = p2[0] - p1[0],
    d1y = p2[1] - p1[1],
    d2x = p4[0] - p3[0],
    d2y = p4[1] - p3[1];
  const den = d1x * d2y - d1y * d2x;
  if (den === 0) return null;
  const ex = p3[0] - p1[0],
    ey = p3[1] - p1[1];
  const t = (ex * d2y - ey * d2x) / den;
  const u = (ex * d1y - ey * d1x) / den;
  const eps = 1e-12;
  if (t < -eps || t > 1 + eps || u < -eps || u > 1 + eps) return null;
  return [Math.min(1, Math.max(0, t)), Math.min(1, Math.max(0, u))];
}
