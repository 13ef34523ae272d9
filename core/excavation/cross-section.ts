import type { LonLat, NetworkLink, NetworkNode, Utility } from '../model/index.js';
import { linkSection } from './dig-check.js';
import { LocalPlane } from './local-plane.js';

/** A pipe or duct crossing a section line, as drawn in the section: where along the line and how deep. */
export interface SectionPipe {
  id: string;
  utility: Utility;
  /** Distance along the section line from its first point, m. */
  stationM: number;
  /** Depth below ground of the pipe's axis at the crossing, m. */
  axisDepthM: number;
  diameterMm: number;
  material: string | null;
  /** Ground minus the top of the pipe at the crossing, m. */
  coverDepthM: number;
}

/** Clear distance between two neighbours of a section (outer surface to outer surface), m. */
export interface SectionGap {
  fromId: string;
  toId: string;
  clearM: number;
}

export interface CrossSection {
  lengthM: number;
  /** Ordered by station. */
  pipes: SectionPipe[];
  /** Between each pipe and the next along the line. */
  gaps: SectionGap[];
}

/**
 * The vertical section along a line (lon/lat polyline): every link crossing it in plan, at its depth there (the link's
 * axis interpolated as in the dig check), ordered along the line, with the clear distance between neighbours.
 */
export function crossSection(
  line: readonly LonLat[],
  links: readonly NetworkLink[],
  nodes: ReadonlyMap<string, NetworkNode>,
  groundElevationM: number,
): CrossSection {
  if (line.length < 2) return { lengthM: 0, pipes: [], gaps: [] };
  const plane = new LocalPlane(line[0]![0], line[0]![1]);
  const pts = line.map((p) => [plane.x(p[0]), plane.y(p[1])] as const);
  const cum = [0];
  for (let i = 1; i < pts.length; i++)
    cum.push(cum[i - 1]! + Math.hypot(pts[i]![0] - pts[i - 1]![0], pts[i]![1] - pts[i - 1]![1]));
  const pipes: SectionPipe[] = [];
  for (const link of links) {
    const s = linkSection(link, nodes, groundElevationM, plane);
    let best: SectionPipe | null = null;
    for (let i = 0; i + 1 < pts.length; i++)
      for (let k = 0; k + 1 < s.axis.length; k++) {
        const a = pts[i]!,
          b = pts[i + 1]!,
          c = s.axis[k]!,
          d = s.axis[k + 1]!;
        const rx = b[0] - a[0],
          ry = b[1] - a[1],
          sx = d.x - c.x,
          sy = d.y - c.y;
        const denom = rx * sy - ry * sx;
        if (denom === 0) continue;
        const t = ((c.x - a[0]) * sy - (c.y - a[1]) * sx) / denom;
        const u = ((c.x - a[0]) * ry - (c.y - a[1]) * rx) / denom;
        if (t < 0 || t > 1 || u < 0 || u > 1) continue;
        const axisDepthM = c.z + u * (d.z - c.z);
        const stationM = cum[i]! + t * (cum[i + 1]! - cum[i]!);
        if (best === null || stationM < best.stationM)
          best = {
            id: link.id,
            utility: link.utility,
            stationM: round(stationM),
            axisDepthM: round(axisDepthM),
            diameterMm: link.diameterMm,
            material: link.material ?? null,
            coverDepthM: round(axisDepthM - s.radiusM),
          };
      }
    if (best) pipes.push(best);
  }
  pipes.sort((p, q) => p.stationM - q.stationM || p.axisDepthM - q.axisDepthM);
  const gaps: SectionGap[] = [];
  for (let i = 0; i + 1 < pipes.length; i++) {
    const p = pipes[i]!,
      q = pipes[i + 1]!;
    const centre = Math.hypot(q.stationM - p.stationM, q.axisDepthM - p.axisDepthM);
    gaps.push({ fromId: p.id, toId: q.id, clearM: round(centre - p.diameterMm / 2000 - q.diameterMm / 2000) });
  }
  return { lengthM: round(cum[cum.length - 1]!), pipes, gaps };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
