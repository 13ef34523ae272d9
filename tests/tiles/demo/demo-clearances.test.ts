import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditClearances,
  clearanceBetween,
  DEFAULT_CLEARANCE_TABLE,
  resolveClearanceTable,
  type ClearanceFinding,
} from '../../../core/excavation/index.js';
import type { CityBundle } from '../../../core/model/index.js';
import { PRESSURE_ORDER, TOP_DEPTH_M } from '../../../tiles/demo/depth-bands.js';
import { buildDemo } from './demo-fixture.js';

let bundle: CityBundle;
let findings: ClearanceFinding[];

beforeAll(async () => {
  bundle = await buildDemo(20261122);
  findings = auditClearances(
    bundle.nodes,
    bundle.links,
    bundle.city.groundElevationM,
    resolveClearanceTable(bundle.city.clearances),
    bundle.city.center,
  );
}, 120_000);

describe('the demo networks against the GB 50289 clearance audit', () => {
  it('stacks the pressure and cable networks in bands that keep every vertical clearance', () => {
    PRESSURE_ORDER.forEach((upper, i) => {
      for (const lower of PRESSURE_ORDER.slice(i + 1)) {
        const gap = clearanceBetween(DEFAULT_CLEARANCE_TABLE, upper, lower).verticalM;
        const deepestUpper = Math.max(
          ...bundle.links.filter((l) => l.utility === upper).map((l) => bundle.city.groundElevationM - l.fromInvertM),
        );
        expect(TOP_DEPTH_M[lower] - deepestUpper, `${upper} over ${lower}`).toBeGreaterThanOrEqual(gap);
      }
    });
  });

  // The goal is none. Judged by geometry (runs side by side on the horizontal clearance, crossings on the vertical
  // gap), 52 findings are left for this seed, all horizontal (5,247 before junctions had a main road the other arms'
  // lanes join, 438 before side roads under 45 degrees joined it square, roads crossing a junction straight through
  // bent their lanes at their own corners, dead-end spurs beside other roads were dropped and services moved off the
  // lanes they ran beside, 123 before forks made by contracting short roads into one junction were squared too, 105
  // before roads running alongside another for tens of metres without being its carriageway lost that stretch, 89
  // before roads' kinks into their junctions were straightened, 63 before outfalls kept off the road nodes of gas
  // regulators, 60 before longer spikes into junctions were straightened too, 54 before gas regulators' inlets turned away from the lanes beside them at tight nodes): runs at awkward junctions (side roads at a small angle too short to clear the main road's lanes
  // before their far end) side by side within their clearance, and a few feeds and outfalls. Gravity mains go under whatever they pass at an angle, so no crossing is short of its
  // vertical clearance. These bounds keep them from growing back.
  it('keeps every crossing at its vertical clearance and the junction findings below their current count', () => {
    expect(findings.filter((f) => f.kind === 'vertical')).toEqual([]);
    expect(findings.filter((f) => f.kind === 'horizontal').length).toBeLessThanOrEqual(52);
  });

  it('passes along the roads, away from junctions: no two runs of the same road closer than their clearance', () => {
    const byId = new Map(bundle.links.map((l) => [l.id, l]));
    const nodes = new Map(bundle.nodes.map((n) => [n.id, n]));
    const atJunction = (id: string) => {
      const l = byId.get(id)!;
      return [l.fromNodeId, l.toNodeId].some((n) => typeof nodes.get(n)?.attributes.roadNode === 'number');
    };
    const sameRoadMidRun = findings.filter((f) => {
      const a = byId.get(f.linkA)!,
        b = byId.get(f.linkB)!;
      return (
        typeof a.attributes.roadSegment === 'number' &&
        a.attributes.roadSegment === b.attributes.roadSegment &&
        !atJunction(f.linkA) &&
        !atJunction(f.linkB)
      );
    });
    expect(sameRoadMidRun.length).toBeLessThan(2);
  });
});
