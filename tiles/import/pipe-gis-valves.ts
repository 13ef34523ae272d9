import { localDistanceM } from '../../core/geo/index.js';
import type { LonLat, NetworkLink, NetworkNode } from '../../core/model/index.js';
import type { PipeGisFeatureRef } from '../../core/contracts/pipe-gis-qa.js';
import type { PlanarPoint } from './snap-topology.js';
import { cutPath, snapValvesToLines, type ValveOnLine } from './valve-snap.js';

/** A valve point to place: its node (kind `valve`, at the point's position) and where it came from. */
export interface ValvePoint {
  node: NetworkNode;
  ref: PipeGisFeatureRef;
}

export interface ValveSplit {
  /** The links, with every pipe that got valves replaced by its pieces. */
  links: NetworkLink[];
  /** Valve nodes placed on their pipe. */
  snapped: NetworkNode[];
  notSnapped: { ref: PipeGisFeatureRef; node: NetworkNode; nearestM: number }[];
  /** How many cuts were made (a pipe with two valves is cut twice). */
  pipeSplits: number;
}

/** Link kinds a valve may sit on (not pumps, not valve links). */
const SPLITTABLE = new Set<NetworkLink['kind']>(['pipe', 'conduit', 'service']);

function lengthOf(path: readonly LonLat[]): number {
  let s = 0;
  for (let k = 1; k < path.length; k++) s += localDistanceM(path[k - 1]![0], path[k - 1]![1], path[k]![0], path[k]![1]);
  return s;
}

/**
 * Places valve points on pipes: each valve within `snapM` of a pipe moves onto it, and the pipe is split there into
 * pieces joined by the valve node (so isolation can close it). The first piece keeps the pipe's id, the next ones
 * get `-s1`, `-s2`...; inverts are interpolated along the pipe; attributes are kept on every piece.
 */
export function splitLinksAtValves(
  links: readonly NetworkLink[],
  valves: readonly ValvePoint[],
  snapM: number,
  planar: (p: LonLat) => PlanarPoint,
  lonLat: (p: PlanarPoint) => LonLat,
): ValveSplit {
  const candidates = links.map((l, i) => ({ l, i })).filter((x) => SPLITTABLE.has(x.l.kind));
  const paths = candidates.map((x) => x.l.path.map(planar));
  const snap = snapValvesToLines(
    valves.map((v) => planar(v.node.position)),
    paths,
    snapM,
  );
  const byLink = new Map<number, ValveOnLine[]>();
  for (const s of snap.snapped) byLink.set(s.line, [...(byLink.get(s.line) ?? []), s]);
  const replaced = new Map<number, NetworkLink[]>();
  const snapped: NetworkNode[] = [];
  let pipeSplits = 0;
  for (const [line, onLine] of byLink) {
    const link = candidates[line]!.l;
    onLine.sort((a, b) => a.alongM - b.alongM || a.valve - b.valve);
    // Two valves at one spot on a pipe: the second is moved a little along, so each has a piece of its own.
    const cuts: number[] = [];
    for (const v of onLine) cuts.push(cuts.length > 0 ? Math.max(v.alongM, cuts[cuts.length - 1]! + 0.01) : v.alongM);
    const pieces = cutPath(paths[line]!, cuts);
    const total = lengthOf(link.path);
    const valveNodes = onLine.map((v, k): NetworkNode => {
      const base = valves[v.valve]!.node;
      const f = total > 0 ? Math.min(1, cuts[k]! / total) : 0.5;
      const at = pieces[k]![pieces[k]!.length - 1]!;
      return {
        ...base,
        position: lonLat(at),
        invertM: link.fromInvertM + f * (link.toInvertM - link.fromInvertM),
        attributes: { ...base.attributes, onPipe: link.id, snappedM: Math.round(v.offsetM * 100) / 100 },
      };
    });
    snapped.push(...valveNodes);
    pipeSplits += valveNodes.length;
    const ends = [link.fromNodeId, ...valveNodes.map((n) => n.id), link.toNodeId];
    const endPositions = [link.path[0]!, ...valveNodes.map((n) => n.position), link.path[link.path.length - 1]!];
    const endInverts = [link.fromInvertM, ...valveNodes.map((n) => n.invertM), link.toInvertM];
    replaced.set(
      candidates[line]!.i,
      pieces.map((piece, k) => {
        // Ends exactly on their nodes; inner vertices as cut.
        const path: LonLat[] = [endPositions[k]!, ...piece.slice(1, -1).map(lonLat), endPositions[k + 1]!];
        return {
          ...link,
          id: k === 0 ? link.id : `${link.id}-s${k}`,
          fromNodeId: ends[k]!,
          toNodeId: ends[k + 1]!,
          path,
          lengthM: lengthOf(path),
          fromInvertM: endInverts[k]!,
          toInvertM: endInverts[k + 1]!,
          attributes: { ...link.attributes, splitAtValves: valveNodes.length },
        };
      }),
    );
  }
  return {
    links: links.flatMap((l, i) => replaced.get(i) ?? [l]),
    snapped,
    notSnapped: snap.notSnapped.map((n) => ({
      ref: valves[n.valve]!.ref,
      node: valves[n.valve]!.node,
      nearestM: n.nearestM,
    })),
    pipeSplits,
  };
}
