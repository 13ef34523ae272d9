import { describe, expect, it } from 'vitest';
import { importEpanetInp } from '../../../tiles/import/epanet-inp.js';
import { parseImportArgs } from '../../../tiles/commands/import.command.js';
import { burstImpact, isolationValvesOf, prepareNetwork } from '../../../core/simulation/index.js';
import type { IsolationValves } from '../../../core/simulation/index.js';
import { fixture } from './fixtures.js';
import { burstHydraulics } from '../../../server/simulation/burst-hydraulics.js';
import { writeInp } from '../../../tiles/export/epanet-inp-writer.js';

const KY = { kind: 'crs' as const, crs: 'EPSG:3089' };
const PREFIX = 'ky-';

/**
 * The file's own graph, read here without the product's code: EPANET ids, links as [id, from, to, kind], sources
 * (reservoirs and tanks), links closed in the file. Pumps and open valves pass water both ways for connectivity.
 */
function fileGraph(text: string) {
  const rows = (name: string): string[][] => {
    const out: string[][] = [];
    let inside = false;
    for (const raw of text.replace(/\0/g, '').split(/\r?\n/)) {
      const line = raw.replace(/;.*$/, '').trim();
      if (raw.trim().startsWith('[')) {
        inside = raw.trim().toUpperCase() === `[${name}]`;
        continue;
      }
      if (inside && line !== '') out.push(line.split(/\s+/));
    }
    return out;
  };
  const links = [
    ...rows('PIPES').map((r) => ({
      id: r[0]!,
      from: r[1]!,
      to: r[2]!,
      kind: 'pipe',
      closed: /^closed$/i.test(r[7] ?? ''),
    })),
    ...rows('PUMPS').map((r) => ({ id: r[0]!, from: r[1]!, to: r[2]!, kind: 'pump', closed: false })),
    ...rows('VALVES').map((r) => ({ id: r[0]!, from: r[1]!, to: r[2]!, kind: r[4]!.toUpperCase(), closed: false })),
  ];
  for (const r of rows('STATUS')) {
    const l = links.find((x) => x.id === r[0]);
    if (l && /^closed$/i.test(r[1]!)) l.closed = true;
  }
  const sources = [...rows('RESERVOIRS'), ...rows('TANKS')].map((r) => r[0]!);
  return { links, sources };
}

/** Plain BFS: the nodes reachable from the sources with the given links shut. */
function reachable(g: ReturnType<typeof fileGraph>, shut: ReadonlySet<string>): Set<string> {
  const adj = new Map<string, string[]>();
  for (const l of g.links) {
    if (l.closed || shut.has(l.id)) continue;
    adj.set(l.from, [...(adj.get(l.from) ?? []), l.to]);
    adj.set(l.to, [...(adj.get(l.to) ?? []), l.from]);
  }
  const seen = new Set<string>(g.sources);
  const queue = [...g.sources];
  while (queue.length > 0)
    for (const w of adj.get(queue.shift()!) ?? []) if (!seen.has(w) && seen.add(w)) queue.push(w);
  return seen;
}

/** Whether the burst pipe is cut off (neither end reached from any source) with these links shut. */
function cutOff(g: ReturnType<typeof fileGraph>, burst: string, shut: ReadonlySet<string>): boolean {
  const pipe = g.links.find((l) => l.id === burst)!;
  const supplied = reachable(g, new Set([...shut, burst]));
  return !supplied.has(pipe.from) && !supplied.has(pipe.to);
}

function importKy(text: string, isolationValves?: IsolationValves) {
  const r = importEpanetInp(text, {
    source: 'ky1-valved.inp',
    placement: KY,
    prefix: PREFIX,
    ...(isolationValves ? { isolationValves } : {}),
  });
  expect(r.report.errors).toEqual([]);
  const parts = r.parts!;
  const net = prepareNetwork(parts.nodes, parts.links, isolationValvesOf(parts.networks[0]));
  return { parts, net, report: r.report };
}

const epanetId = (modelId: string): string => modelId.slice(PREFIX.length);

describe('EPANET valve links as isolation valves (ky1 with TCV links)', () => {
  const text = fixture('epanet', 'ky1-valved.inp');
  const g = fileGraph(text);
  const { parts, net, report } = importKy(text);
  const pipes = g.links.filter((l) => l.kind === 'pipe');
  // Every 25th pipe of the file: about 40 bursts spread over the network.
  const bursts = pipes.filter((_, i) => i % 25 === 0).map((l) => l.id);

  it('imports every valve link and counts the TCVs as isolation valves', () => {
    const tcv = g.links.filter((l) => l.kind === 'TCV').length;
    expect(tcv).toBe(813);
    expect(parts.links.filter((l) => l.kind === 'valve')).toHaveLength(tcv);
    expect(report.counts['isolation valves']).toBe(tcv);
    expect(parts.networks[0]!.metadata.isolationValves).toEqual({ types: ['TCV', 'GPV'] });
  });

  it('names the valves of a burst; an independent BFS confirms they cut the pipe off and each one is needed', () => {
    let isolable = 0;
    for (const burst of bursts) {
      const impact = burstImpact(net, PREFIX + burst, new Map());
      if (!impact.isolable) {
        // Not isolable: a source is reached from the pipe without passing any valve of the file.
        const everyValve = new Set(g.links.filter((l) => l.kind === 'TCV').map((l) => l.id));
        expect(cutOff(g, burst, everyValve), burst).toBe(false);
        expect(impact.isolatedLinks).toEqual([]);
        expect(impact.notIsolableReason).toMatch(/no valve separates/);
        continue;
      }
      isolable++;
      expect(impact.valvesToClose.length, burst).toBeGreaterThan(0);
      expect(impact.valveLinksToClose).toEqual(impact.valvesToClose);
      const valves = new Set(impact.valvesToClose.map(epanetId));
      for (const v of valves) expect(g.links.find((l) => l.id === v)?.kind, v).toBe('TCV');
      expect(cutOff(g, burst, valves), `${burst}: closing ${[...valves].join(', ')}`).toBe(true);
      for (const v of valves) {
        const reopened = new Set([...valves].filter((x) => x !== v));
        expect(cutOff(g, burst, reopened), `${burst}: reopening ${v} reconnects it`).toBe(false);
      }
      // The isolated part is a few pipes, never the network.
      expect(impact.isolatedLinks.length).toBeLessThan(parts.links.length / 10);
      expect(impact.workOrder.map((s) => s.valveId).sort()).toEqual([...impact.valvesToClose].sort());
    }
    expect(isolable).toBeGreaterThanOrEqual(bursts.length * 0.8);
  });

  it('a burst next to a source with no valve between says so and names the nearest bounding valves', () => {
    const sourcePipes = pipes.filter((l) => g.sources.includes(l.from) || g.sources.includes(l.to));
    const unisolable = sourcePipes
      .map((l) => ({ id: l.id, impact: burstImpact(net, PREFIX + l.id, new Map()) }))
      .filter((b) => !b.impact.isolable);
    expect(unisolable.length).toBeGreaterThan(0);
    for (const { id, impact } of unisolable) {
      expect(impact.valvesToClose).toEqual([]);
      expect(impact.isolatedLinks).toEqual([]);
      expect(impact.cutOffNodes).toEqual([]);
      expect(impact.nearestValves.length, id).toBeGreaterThan(0);
      const d = impact.nearestValves.map((v) => v.distanceM);
      expect(d).toEqual([...d].sort((a, b) => a - b));
      for (const v of impact.nearestValves) expect(g.links.find((l) => l.id === epanetId(v.id))?.kind).toBe('TCV');
      expect(impact.notIsolableReason).toMatch(/from source ky-(T|R)-\d+/);
      expect(impact.notIsolableReason).toContain(impact.nearestValves[0]!.id);
      // Independent check: closing every bounding valve leaves the pipe fed (by the source beside it) and cuts
      // the part around it off from every other source.
      const shut = new Set(impact.nearestValves.map((v) => epanetId(v.id)));
      expect(cutOff(g, id, shut)).toBe(false);
      const pipe = g.links.find((l) => l.id === id)!;
      const own = g.sources.filter((s) => s === pipe.from || s === pipe.to);
      const others = { ...g, sources: g.sources.filter((s) => !own.includes(s)) };
      const fromOthers = reachable(others, shut);
      expect(fromOthers.has(pipe.from) || fromOthers.has(pipe.to)).toBe(false);
    }
  });

  it('skips a broken valve and goes to the next ring, which still isolates the pipe', () => {
    const burst = bursts.find((b) => burstImpact(net, PREFIX + b, new Map()).valvesToClose.length >= 2)!;
    const first = burstImpact(net, PREFIX + burst, new Map());
    const broken = first.valvesToClose[0]!;
    const second = burstImpact(net, PREFIX + burst, new Map(), { brokenValves: [broken] });
    expect(second.valvesToClose).not.toContain(broken);
    if (second.isolable) {
      const valves = new Set(second.valvesToClose.map(epanetId));
      expect(cutOff(g, burst, valves)).toBe(true);
      expect(second.isolatedLinks.length).toBeGreaterThan(first.isolatedLinks.length);
    } else {
      expect(second.nearestValves.length).toBeGreaterThan(0);
    }
  });

  it('counts PRVs only where configured: by type or by an id pattern', () => {
    const burst = bursts.find((b) => burstImpact(net, PREFIX + b, new Map()).valvesToClose.length >= 2)!;
    const valves = burstImpact(net, PREFIX + burst, new Map()).valvesToClose.map(epanetId);
    // The same file with those valves as pressure reducing valves.
    const asPrv = text.replace(/^ (V-\S+)(\t.*?\t.*?\t.*?\t)TCV\t0/gm, (row, id: string, mid: string) =>
      valves.includes(id) ? ` ${id}${mid}PRV\t500` : row,
    );
    expect(asPrv).not.toBe(text);
    const byDefault = burstImpact(importKy(asPrv).net, PREFIX + burst, new Map());
    for (const v of valves) expect(byDefault.valvesToClose).not.toContain(PREFIX + v);
    const byType = burstImpact(importKy(asPrv, { types: ['TCV', 'GPV', 'PRV'] }).net, PREFIX + burst, new Map());
    expect(byType.valvesToClose.sort()).toEqual(valves.map((v) => PREFIX + v).sort());
    const pattern = `^(${valves.map((v) => v.replace(/[-]/g, '\\-')).join('|')})$`;
    const byPattern = burstImpact(importKy(asPrv, { types: ['TCV', 'GPV'], pattern }).net, PREFIX + burst, new Map());
    expect(byPattern.valvesToClose.sort()).toEqual(valves.map((v) => PREFIX + v).sort());
  });

  it('EPANET solves the burst with those valve links closed: cut-off nodes read 0, the rest keeps its pressure', async () => {
    const burst = PREFIX + bursts[3]!;
    const impact = burstImpact(net, burst, new Map());
    expect(impact.isolable).toBe(true);
    const h = await burstHydraulics(parts.networks[0]!, net, impact, burst, writeInp);
    const after = h.pressureAfterM[0]!;
    const cut = new Set(impact.cutOffNodes);
    h.nodeIds.forEach((id, i) => {
      if (cut.has(id)) expect(after[i]).toBe(0);
    });
    // Outside the cut-off part pressures barely change (ky1 is looped): no node loses more than a few metres.
    const drops = h.nodeIds.map((id, i) => (cut.has(id) ? 0 : h.pressureBeforeM[0]![i]! - after[i]!));
    expect(Math.max(...drops)).toBeLessThan(5);
  });

  it('--isolation-valves and --isolation-valve-types are parsed and checked', () => {
    const ok = parseImportArgs([
      '--city',
      'ky',
      '--isolation-valves',
      '^V-',
      '--isolation-valve-types',
      'tcv,prv',
      'a.inp',
    ]);
    expect(typeof ok === 'string' ? ok : ok.isolationValves).toEqual({ types: ['TCV', 'PRV'], pattern: '^V-' });
    expect(parseImportArgs(['--city', 'ky', '--isolation-valves', '(', 'a.inp'])).toMatch(/not a regular expression/);
    expect(parseImportArgs(['--city', 'ky', '--isolation-valve-types', 'XYZ', 'a.inp'])).toMatch(/XYZ not among/);
  });
});

describe('a model without valve links (ky1, Net3): bursts say they cannot be isolated', () => {
  it.each([
    ['ky1.inp', KY],
    ['Net3.inp', { kind: 'anchor' as const, anchorLonLat: [121.5, 31.23] as [number, number], metresPerUnit: 10 }],
  ])('%s: no burst reports the network as isolated', (file, placement) => {
    const r = importEpanetInp(fixture('epanet', file), { source: file, placement });
    expect(r.report.warnings.some((w) => /no valve of this model is an isolation valve/.test(w.message))).toBe(true);
    const parts = r.parts!;
    const net = prepareNetwork(parts.nodes, parts.links, isolationValvesOf(parts.networks[0]));
    for (const link of parts.links.filter((_, i) => i % 20 === 0)) {
      const impact = burstImpact(net, link.id, new Map());
      expect(impact.isolable).toBe(false);
      expect(impact.valvesToClose).toEqual([]);
      expect(impact.isolatedLinks).toEqual([]);
      expect(impact.cutOffNodes).toEqual([]);
      expect(impact.nearestValves).toEqual([]);
      expect(impact.notIsolableReason).toMatch(/no operable valve/);
    }
  });
});
