/** A closed ring in the local east-north frame, m; first point repeated at the end. */
export type EnuRing = [number, number][];

/** A scalar field sampled at cell centres (row-major from the south-west, as {@link PlumeGrid}). */
export interface ScalarGrid {
  readonly originEast: number;
  readonly originNorth: number;
  readonly cellM: number;
  readonly cols: number;
  readonly rows: number;
  readonly values: ArrayLike<number>;
}

/**
 * Iso-lines of `level` by marching squares over the cell centres, padded with zeros around the grid so every line
 * closes: the answer is the closed rings bounding the area where the field is >= level (outer rings and holes alike;
 * a viewer fills them with the even-odd rule). Saddles are resolved by the mean of the four corners.
 */
export function contourRings(grid: ScalarGrid, level: number): EnuRing[] {
  const { cols, rows, values, cellM } = grid;
  const at = (i: number, j: number): number => (i < 0 || j < 0 || i >= cols || j >= rows ? 0 : values[j * cols + i]!);
  // Edge ids: horizontal edge from corner (i,j) to (i+1,j) = 2*(j'*W+i'), vertical (i,j)-(i,j+1) = that + 1,
  // with i' = i+1, j' = j+1 so the padding ring has non-negative ids.
  const W = cols + 2;
  const hEdge = (i: number, j: number): number => 2 * ((j + 1) * W + (i + 1));
  const vEdge = (i: number, j: number): number => 2 * ((j + 1) * W + (i + 1)) + 1;
  const point = new Map<number, [number, number]>();
  const next = new Map<number, number>();
  const cx = (i: number): number => grid.originEast + (i + 0.5) * cellM;
  const cy = (j: number): number => grid.originNorth + (j + 0.5) * cellM;
  const cut = (a: number, b: number): number => (a === b ? 0.5 : (level - a) / (b - a));
  const edgePoint = (id: number, i: number, j: number, horizontal: boolean): void => {
    if (point.has(id)) return;
    if (horizontal) point.set(id, [cx(i) + cut(at(i, j), at(i + 1, j)) * cellM, cy(j)]);
    else point.set(id, [cx(i), cy(j) + cut(at(i, j), at(i, j + 1)) * cellM]);
  };
  for (let j = -1; j < rows; j++) {
    for (let i = -1; i < cols; i++) {
      const a = at(i, j),
        b = at(i + 1, j),
        c = at(i + 1, j + 1),
        d = at(i, j + 1);
      const code = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const bottom = hEdge(i, j),
        top = hEdge(i, j + 1),
        left = vEdge(i, j),
        right = vEdge(i + 1, j);
      edgePoint(bottom, i, j, true);
      edgePoint(top, i, j + 1, true);
      edgePoint(left, i, j, false);
      edgePoint(right, i + 1, j, false);
      // Segments oriented with the high side on the left (counter-clockwise around high areas).
      const seg = (from: number, to: number): void => {
        next.set(from, to);
      };
      switch (code) {
        case 1:
          seg(left, bottom);
          break;
        case 2:
          seg(bottom, right);
          break;
        case 3:
          seg(left, right);
          break;
        case 4:
          seg(right, top);
          break;
        case 6:
          seg(bottom, top);
          break;
        case 7:
          seg(left, top);
          break;
        case 8:
          seg(top, left);
          break;
        case 9:
          seg(top, bottom);
          break;
        case 11:
          seg(top, right);
          break;
        case 12:
          seg(right, left);
          break;
        case 13:
          seg(right, bottom);
          break;
        case 14:
          seg(bottom, left);
          break;
        case 5:
        case 10: {
          const highCentre = (a + b + c + d) / 4 >= level;
          if (code === 5 && highCentre) {
            seg(left, top);
            seg(right, bottom);
          } else if (code === 5) {
            seg(left, bottom);
            seg(right, top);
          } else if (highCentre) {
            seg(bottom, left);
            seg(top, right);
          } else {
            seg(bottom, right);
            seg(top, left);
          }
          break;
        }
      }
    }
  }
  const rings: EnuRing[] = [];
  const used = new Set<number>();
  for (const start of next.keys()) {
    if (used.has(start)) continue;
    const ring: [number, number][] = [];
    let e: number | undefined = start;
    while (e !== undefined && !used.has(e)) {
      used.add(e);
      ring.push(point.get(e)!);
      e = next.get(e);
    }
    if (ring.length >= 3) rings.push([...ring, ring[0]!]);
  }
  return rings;
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, closed; [] for fewer than 3 distinct points. */
export function convexHull(points: readonly (readonly [number, number])[]): EnuRing {
  const p = [...points].map((q) => [q[0], q[1]] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return [];
  const cross = (o: [number, number], a: [number, number], b: [number, number]): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [],
    upper: [number, number][] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0) lower.pop();
    lower.push(q);
  }
  for (let k = p.length - 1; k >= 0; k--) {
    const q = p[k]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0) upper.pop();
    upper.push(q);
  }
  const hull = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  return hull.length >= 3 ? [...hull, hull[0]!] : [];
}

/** Area of a closed ring (shoelace), m^2, positive for counter-clockwise. */
export function ringArea(ring: EnuRing): number {
  let s = 0;
  for (let k = 1; k < ring.length; k++) s += ring[k - 1]![0] * ring[k]![1] - ring[k]![0] * ring[k - 1]![1];
  return s / 2;
}

/** Even-odd point-in-ring test. */
export function insideRing(e: number, n: number, ring: EnuRing): boolean {
  let inside = false;
  for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
    const [xi, yi] = ring[k]!,
      [xj, yj] = ring[m]!;
    if (yi > n !== yj > n && e < ((xj - xi) * (n - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
