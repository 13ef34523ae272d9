import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReportTable, readSwmmOutput, runSwmm, runSwmmModel } from '../../../../server/simulation/swmm/index.js';

const dir = new URL('../../../fixtures/swmm-examples/', import.meta.url);
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.inp'))
  .sort();

/**
 * SWMM's report summaries take maxima over every routing step, the .out holds reporting periods only: to compare
 * like with like the examples are run with the reporting step set to their routing (or wet-weather runoff) step (the same choice GridTwin's
 * storm runs make). Stated tolerance: depths within 0.01 ft (the report prints 2 decimals, the .out is float32),
 * peak flows within 3 % or 0.02 cfs.
 */
function atRoutingStep(inp: string): string {
  const seconds = (key: string): number => {
    const t = new RegExp(`^${key}\\s+(\\S+)`, 'm').exec(inp)?.[1];
    if (!t) return Infinity;
    const [a = 0, b = 0, c = 0] = t.split(':').map(Number);
    return t.includes(':') ? a * 3600 + b * 60 + c : a;
  };
  const step = Math.max(1, Math.round(Math.min(seconds('ROUTING_STEP'), seconds('WET_STEP'))));
  const hms = [Math.floor(step / 3600), Math.floor(step / 60) % 60, step % 60]
    .map((x) => String(x).padStart(2, '0'))
    .join(':');
  return inp.replace(/^REPORT_STEP\s+\S+/m, `REPORT_STEP          ${hms}`);
}

describe('server/simulation/swmm', () => {
  it('finds the seven EPA SWMM 5.2 examples', () => {
    expect(examples).toHaveLength(7);
  });

  for (const name of examples) {
    it(`${name}: peak node depths and link flows read from the .out match SWMM's own report`, async () => {
      const r = await runSwmmModel(atRoutingStep(readFileSync(new URL(name, dir), 'utf8')));
      expect(r.errorCode).toBe(0);
      expect(r.output!.periods).toBeGreaterThan(10);
      // Peak runoff of each subcatchment (the report's 9th column, CFS) against the .out's runoff variable.
      for (const row of readReportTable(r.report, 'Subcatchment Runoff Summary', false)) {
        const i = r.output!.subcatchIds.indexOf(row.id);
        const peak = Math.max(...r.output!.series('subcatch', i, 4));
        expect(Math.abs(peak - row.values[8]!), `${name} subcatchment ${row.id}`).toBeLessThanOrEqual(
          Math.max(0.02, 0.03 * row.values[8]!),
        );
      }
      const depths = readReportTable(r.report, 'Node Depth Summary');
      const flows = readReportTable(r.report, 'Link Flow Summary');
      // Groundwater and LID examples are runoff-only (no routing): no depth or flow tables.
      if (!/Groundwater|LID/.test(name)) expect(depths.length).toBe(r.output!.nodeIds.length);
      for (const row of depths) {
        const node = r.nodes.find((n) => n.id === row.id)!;
        expect(Math.abs(node.maxDepth - row.values[1]!), `${name} node ${row.id}`).toBeLessThanOrEqual(0.0051 + 1e-4);
      }
      for (const row of flows) {
        const link = r.links.find((l) => l.id === row.id)!;
        const ref = row.values[0]!;
        expect(Math.abs(link.maxAbsFlow - ref), `${name} link ${row.id}`).toBeLessThanOrEqual(
          Math.max(0.02, 0.03 * ref),
        );
      }
      // No example floods in SWMM's report; the .out must agree.
      const flooded = readReportTable(r.report, 'Node Flooding Summary')
        .map((x) => x.id)
        .sort();
      expect(
        r.nodes
          .filter((n) => n.maxFlooding > 0.001)
          .map((n) => n.id)
          .sort(),
      ).toEqual(flooded);
    });
  }

  it('rejects a file that is not a SWMM .out', () => {
    expect(() => readSwmmOutput(new Uint8Array(100))).toThrow(/magic/);
  });

  it('passes an input error back instead of throwing', async () => {
    const r = await runSwmm('[TITLE]\nbroken\n[JUNCTIONS]\nJ1 notanumber\n');
    expect(r.errorCode).not.toBe(0);
    expect(r.report).toMatch(/ERROR/);
  });
});
