import Flatbush from 'flatbush';

/** A planar position in metres (a local east-north frame). */
export type PlanarPoint = [x: number, y: number];

/** Which node a line end lands on: a facility (manhole, inlet...) by index, or a junction created here. */
export type EndNode = { kind: 'facility'; index: number } | { kind: 'junction'; index: number };

/** A junction created where line ends meet without a facility (or a lone end, `ends === 1`). */
export interface CreatedJunction {
  position: PlanarPoint;
  /** How many line ends it joins. */
  ends: number;
}

export interface SnapResult {
  /** For each line, the nodes of its start and end. */
  lineEnds: [EndNode, EndNode][];
  junctions: CreatedJunction[];
  /** Ends within the tolerance of a facility. */
  snappedToFacility: number;
  /** Ends that met other ends (no facility) and got a shared junction. */
  joinedEnds: number;
  /** Ends that met nothing: line index and 0 (start) or 1 (end). Each got a junction of its own. */
  unsnapped: { line: number; end: 0 | 1 }[];
}

/**
 * Builds topology for lines whose ends were digitised near, not on, their facilities: each end snaps to the
 * nearest facility within `toleranceM`; ends with no facility but other such ends within the tolerance share a new
 * junction at their mean position; the rest each get a junction and are reported as unsnapped.
 */
export function snapLineEnds(
  lineEnds: readonly [PlanarPoint, PlanarPoint][],
  facilities: readonly PlanarPoint[],
  toleranceM: number,
): SnapResult {
  if (!(toleranceM >= 0)) throw new RangeError(`toleranceM must be >= 0, got ${toleranceM}`);
  const facilityIndex = facilities.length > 0 ? new Flatbush(facilities.length) : null;
  if (facilityIndex) {
    for (const [x, y] of facilities) facilityIndex.add(x, y, x, y);
    facilityIndex.finish();
  }
  const result: SnapResult = { lineEnds: [], junctions: [], snappedToFacility: 0, joinedEnds: 0, unsnapped: [] };
  const loose: { line: number; end: 0 | 1; p: PlanarPoint }[] = [];
  const ends: (EndNode | null)[][] = lineEnds.map(() => [null, null]);
  lineEnds.forEach((pair, line) => {
    pair.forEach((p, end) => {
      const hit = facilityIndex?.neighbors(p[0], p[1], 1, toleranceM) ?? [];
      if (hit.length > 0) {
        ends[line]![end] = { kind: 'facility', index: hit[0]! };
        result.snappedToFacility++;
      } else loose.push({ line, end: end as 0 | 1, p });
    });
  });
  // Cluster loose ends (union-find over pairs within the tolerance).
  const parent = loose.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  if (loose.length > 0) {
    const looseIndex = new Flatbush(loose.length);
    for (const { p } of loose) looseIndex.add(p[0], p[1], p[0], p[1]);
    looseIndex.finish();
    loose.forEach(({ p }, i) => {
      for (const j of looseIndex.neighbors(p[0], p[1], Infinity, toleranceM)) if (j !== i) parent[find(j)] = find(i);
    });
  }
  const clusters = new Map<number, number[]>();
  loose.forEach((_, i) => {
    const r = find(i);
    clusters.set(r, [...(clusters.get(r) ?? []), i]);
  });
  for (const members of clusters.values()) {
    const index = result.junctions.length;
    const x = members.reduce((s, i) => s + loose[i]!.p[0], 0) / members.length;
    const y = members.reduce((s, i) => s + loose[i]!.p[1], 0) / members.length;
    result.junctions.push({ position: [x, y], ends: members.length });
    for (const i of members) {
      const { line, end } = loose[i]!;
      ends[line]![end] = { kind: 'junction', index };
      if (members.length > 1) result.joinedEnds++;
      else result.unsnapped.push({ line, end });
    }
  }
  result.lineEnds = ends.map(([a, b]) => [a!, b!]);
  return result;
}
