import { describe, expect, it } from 'vitest';
import { importEpanetInp } from '../../../tiles/import/epanet-inp.js';
import { formatReport } from '../../../tiles/report/print-report.js';
import { fixture } from './fixtures.js';

const schematic = { kind: 'anchor' as const, anchorLonLat: [121.5, 31.23] as [number, number], metresPerUnit: 10 };
const net1 = fixture('epanet', 'Net1.inp');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

function expectFailure(text: string, options: Parameters<typeof importEpanetInp>[1], message: RegExp, line?: number) {
  const r = importEpanetInp(text, { source: 'broken.inp', ...options });
  expect(r.parts).toBeNull();
  const hit = r.report.errors.find((e) => message.test(e.message));
  expect(hit, `errors: ${JSON.stringify(r.report.errors)}`).toBeDefined();
  if (line !== undefined) expect(hit!.where?.line).toBe(line);
  return r;
}

describe('tiles/import/epanet-inp (broken files)', () => {
  it('a file cut in the middle of [PIPES] names the short line and the missing [END]', () => {
    const cut = net1.slice(0, net1.indexOf(' 113 ') + 40);
    const r = expectFailure(cut, { placement: schematic }, /a pipe needs at least 6 fields/, lineOf(net1, ' 113 '));
    expect(r.report.errors.some((e) => /without \[END\]/.test(e.message))).toBe(true);
    expect(formatReport(r.report).join('\n')).toMatch(/broken\.inp line \d+ \[PIPES\]/);
  });

  it('a pipe to a missing node is an error naming the line and the node', () => {
    const text = net1.replace(/(\[PIPES\][^\n]*\n[^\n]*\n)/, '$1 P-X\t10\tNOPE\t100\t12\t100\t0\tOpen\t;\n');
    expectFailure(text, { placement: schematic }, /refers to node "NOPE"/, lineOf(text, ' P-X'));
  });

  it('an unknown section, a bad number and a duplicate id are errors with line numbers', () => {
    expectFailure(
      net1.replace('[TAGS]', '[FOO]'),
      { placement: schematic },
      /unknown section \[FOO\]/,
      lineOf(net1, '[TAGS]'),
    );
    const bad = net1.replace(/^( 12\s+)700/m, '$17o0');
    expectFailure(bad, { placement: schematic }, /elevation "7o0" is not a number/, lineOf(bad, '7o0'));
    const dup = net1.replace(/^( 13\s+695)/m, ' 12\t695');
    expectFailure(dup, { placement: schematic }, /duplicate node id "12"/);
  });

  it('unknown flow units and missing coordinates are errors', () => {
    expectFailure(net1.replace(/Units\s+GPM/, 'Units\tFURLONGS'), { placement: schematic }, /flow units "FURLONGS"/);
    const noCoords = net1.replace(/\[COORDINATES\][\s\S]*?\[VERTICES\]/, '[VERTICES]');
    expectFailure(noCoords, { placement: schematic }, /no \[COORDINATES\]/);
  });

  it('a missing, unknown or wrong CRS is an error and imports nothing', () => {
    const modena = fixture('epanet', 'Modena.inp');
    expectFailure(modena, {}, /no CRS/);
    expectFailure(modena, { placement: { kind: 'crs', crs: 'EPSG:99999' } }, /EPSG:99999 is not known/);
    // Monte Mario metres read as degrees give no valid WGS84 position.
    expectFailure(modena, { placement: { kind: 'crs', crs: 'EPSG:4326' } }, /no valid WGS84 position/);
  });

  it('nodes without coordinates are placed between their neighbours with a warning', () => {
    const text = net1.replace(/^ 12\s+50\.00\s+70\.00\s*$/m, '');
    const r = importEpanetInp(text, { placement: schematic });
    expect(r.report.errors).toEqual([]);
    expect(r.report.warnings.some((w) => /1 node\(s\) without coordinates/.test(w.message))).toBe(true);
    const n12 = r.parts!.nodes.find((n) => n.id === '12')!;
    const n11 = r.parts!.nodes.find((n) => n.id === '11')!,
      n13 = r.parts!.nodes.find((n) => n.id === '13')!;
    expect(n12.position[0]).toBeGreaterThan(Math.min(n11.position[0], n13.position[0]));
    expect(n12.position[0]).toBeLessThan(Math.max(n11.position[0], n13.position[0]));
  });
});
