/** A hexagon bin in local ENU metres: centre, how many points fell in it and their summed weight. */
export interface HexBin {
  centre: [east: number, north: number];
  count: number;
  weight: number;
}

/**
 * Bins points (local ENU metres) into pointy-top hexagons of circumradius `radiusM`, using axial
 * coordinates and cube rounding. Pure and allocation-light: one Map entry per occupied hexagon.
 */
export function hexBins(
  points: readonly { east: number; north: number; weight?: number }[],
  radiusM: number,
): HexBin[] {
  if (!(radiusM > 0)) throw new RangeError(`radiusM must be positive, got ${radiusM}`);
  const bins = new Map<string, HexBin>();
  const sqrt3 = Math.sqrt(3);
  for (const p of points) {
    // Pointy-top axial coordinates.
    const q = ((sqrt3 / 3) * p.east - p.north / 3) / radiusM;
    const r = ((2 / 3) * p.north) / radiusM;
    let rx = Math.round(q),
      rz = Math.round(r);
    const ry = Math.round(-q - r);
    const dx = Math.abs(rx - q),
      dy = Math.abs(ry - (-q - r)),
      dz = Math.abs(rz - r);
    if (dx > dy && dx > dz) rx = -ry - rz;
    else if (!(dy > dz)) rz = -rx - ry;
    const key = `${rx},${rz}`;
    let bin = bins.get(key);
    if (!bin) {
      bin = { centre: [radiusM * sqrt3 * (rx + rz / 2), radiusM * 1.5 * rz], count: 0, weight: 0 };
      bins.set(key, bin);
    }
    bin.count++;
    bin.weight += p.weight ?? 1;
  }
  return [...bins.values()];
}

/** The six corners of a pointy-top hexagon around `centre`, in metres. */
export function hexCorners(centre: readonly [number, number], radiusM: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < 6; i++) {
    const a = (Math.PI / 180) * (60 * i - 30);
    out.push([centre[0] + radiusM * Math.cos(a), centre[1] + radiusM * Math.sin(a)]);
  }
  return out;
}
