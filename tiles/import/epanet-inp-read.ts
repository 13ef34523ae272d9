import type { InpLine, InpSection, InpSectionName, SplitInp } from './inp-sections.js';
import { fail, warn, type ImportReport } from '../report/import-report.js';

/**
 * Reads the element sections of a split .inp into plain records, still in the file's units. Every problem goes to
 * the report with its line and section; the caller discards everything if there was an error.
 */

export type InpNodeKind = 'junction' | 'reservoir' | 'tank';
export type InpLinkKind = 'pipe' | 'pump' | 'valve';

export interface InpNode {
  id: string;
  kind: InpNodeKind;
  line: number;
  /** Junction and tank elevation, reservoir head. */
  elevation: number;
  demand?: number;
  pattern?: string;
  tank?: {
    init: number;
    min: number;
    max: number;
    diameter: number;
    minVolume: number;
    volumeCurve?: string;
    overflow?: string;
  };
  emitter?: number;
  tag?: string;
  x?: number;
  y?: number;
  /** [DEMANDS] entries (replace the junction's primary demand when present, as EPANET does). */
  demands: { demand: number; pattern?: string; category?: string }[];
}

export interface InpLink {
  id: string;
  kind: InpLinkKind;
  line: number;
  from: string;
  to: string;
  length?: number;
  diameter?: number;
  roughness?: number;
  minorLoss?: number;
  status?: 'open' | 'closed' | 'cv';
  pumpParameters?: string;
  valveType?: string;
  /** Valve setting as written (a number, or a curve id for GPV). */
  setting?: string;
  /** Tokens after the ones GridTwin models (e.g. a PCV curve), written back unchanged. */
  extra?: string;
  tag?: string;
  vertices: [number, number][];
}

export interface InpElements {
  nodes: Map<string, InpNode>;
  links: Map<string, InpLink>;
}

const VALVE_TYPES = new Set(['PRV', 'PSV', 'PBV', 'FCV', 'TCV', 'GPV', 'PCV']);

/** A number token, or an error naming the field, line and section (returns NaN then). */
export function readNumber(
  report: ImportReport,
  l: InpLine,
  section: InpSectionName,
  index: number,
  field: string,
  optional = false,
): number {
  const token = l.tokens[index];
  if (token === undefined) {
    if (optional) return NaN;
    fail(report, `missing ${field}`, { line: l.line, section });
    return NaN;
  }
  const value = Number(token);
  if (!Number.isFinite(value)) fail(report, `${field} "${token}" is not a number`, { line: l.line, section });
  return value;
}

function need(report: ImportReport, l: InpLine, section: InpSectionName, count: number, what: string): boolean {
  if (l.tokens.length >= count) return true;
  fail(report, `${what} needs at least ${count} fields, found ${l.tokens.length}`, { line: l.line, section });
  return false;
}

function lines(split: SplitInp, name: InpSectionName): InpLine[] {
  return split.sections.get(name)?.lines ?? [];
}

function addNode(report: ImportReport, out: InpElements, node: InpNode, section: InpSectionName): void {
  if (out.nodes.has(node.id))
    fail(report, `duplicate node id "${node.id}"`, { line: node.line, section, featureId: node.id });
  else out.nodes.set(node.id, node);
}

function readNodes(split: SplitInp, report: ImportReport, out: InpElements): void {
  for (const l of lines(split, 'JUNCTIONS')) {
    if (!need(report, l, 'JUNCTIONS', 2, 'a junction')) continue;
    const node: InpNode = {
      id: l.tokens[0]!,
      kind: 'junction',
      line: l.line,
      elevation: readNumber(report, l, 'JUNCTIONS', 1, 'elevation'),
      demands: [],
    };
    const demand = readNumber(report, l, 'JUNCTIONS', 2, 'demand', true);
    if (!Number.isNaN(demand)) node.demand = demand;
    if (l.tokens[3]) node.pattern = l.tokens[3];
    addNode(report, out, node, 'JUNCTIONS');
  }
  for (const l of lines(split, 'RESERVOIRS')) {
    if (!need(report, l, 'RESERVOIRS', 2, 'a reservoir')) continue;
    const node: InpNode = {
      id: l.tokens[0]!,
      kind: 'reservoir',
      line: l.line,
      elevation: readNumber(report, l, 'RESERVOIRS', 1, 'head'),
      demands: [],
    };
    if (l.tokens[2]) node.pattern = l.tokens[2];
    addNode(report, out, node, 'RESERVOIRS');
  }
  for (const l of lines(split, 'TANKS')) {
    if (!need(report, l, 'TANKS', 7, 'a tank')) continue;
    const n = (i: number, f: string): number => readNumber(report, l, 'TANKS', i, f);
    const tank: NonNullable<InpNode['tank']> = {
      init: n(2, 'initial level'),
      min: n(3, 'minimum level'),
      max: n(4, 'maximum level'),
      diameter: n(5, 'diameter'),
      minVolume: n(6, 'minimum volume'),
    };
    if (l.tokens[7] && l.tokens[7] !== '*') tank.volumeCurve = l.tokens[7];
    if (l.tokens[8]) tank.overflow = l.tokens[8];
    addNode(
      report,
      out,
      { id: l.tokens[0]!, kind: 'tank', line: l.line, elevation: n(1, 'elevation'), tank, demands: [] },
      'TANKS',
    );
  }
}

function addLink(report: ImportReport, out: InpElements, link: InpLink, section: InpSectionName): void {
  const where = { line: link.line, section, featureId: link.id };
  if (out.links.has(link.id)) {
    fail(report, `duplicate link id "${link.id}"`, where);
    return;
  }
  for (const end of [link.from, link.to]) {
    if (!out.nodes.has(end)) fail(report, `link "${link.id}" refers to node "${end}", which is not defined`, where);
  }
  if (link.from === link.to) fail(report, `link "${link.id}" starts and ends at node "${link.from}"`, where);
  out.links.set(link.id, link);
}

function readLinks(split: SplitInp, report: ImportReport, out: InpElements): void {
  for (const l of lines(split, 'PIPES')) {
    if (!need(report, l, 'PIPES', 6, 'a pipe')) continue;
    const n = (i: number, f: string): number => readNumber(report, l, 'PIPES', i, f);
    const link: InpLink = {
      id: l.tokens[0]!,
      kind: 'pipe',
      line: l.line,
      from: l.tokens[1]!,
      to: l.tokens[2]!,
      length: n(3, 'length'),
      diameter: n(4, 'diameter'),
      roughness: n(5, 'roughness'),
      vertices: [],
    };
    // The minor loss is optional, so a 7th token may already be the status.
    let next = 6;
    if (l.tokens[6] !== undefined && !Number.isNaN(Number(l.tokens[6]))) {
      link.minorLoss = Number(l.tokens[6]);
      next = 7;
    }
    const status = l.tokens[next]?.toLowerCase();
    if (status === 'open' || status === 'closed' || status === 'cv') link.status = status;
    else if (status !== undefined)
      fail(report, `pipe status "${l.tokens[next]}" is not Open, Closed or CV`, { line: l.line, section: 'PIPES' });
    if (!(link.length! > 0))
      fail(report, `pipe length must be positive, got ${l.tokens[3]}`, { line: l.line, section: 'PIPES' });
    if (!(link.diameter! > 0))
      fail(report, `pipe diameter must be positive, got ${l.tokens[4]}`, { line: l.line, section: 'PIPES' });
    addLink(report, out, link, 'PIPES');
  }
  for (const l of lines(split, 'PUMPS')) {
    if (!need(report, l, 'PUMPS', 4, 'a pump')) continue;
    addLink(
      report,
      out,
      {
        id: l.tokens[0]!,
        kind: 'pump',
        line: l.line,
        from: l.tokens[1]!,
        to: l.tokens[2]!,
        pumpParameters: l.tokens.slice(3).join(' '),
        vertices: [],
      },
      'PUMPS',
    );
  }
  for (const l of lines(split, 'VALVES')) {
    if (!need(report, l, 'VALVES', 6, 'a valve')) continue;
    const type = l.tokens[4]!.toUpperCase();
    if (!VALVE_TYPES.has(type))
      fail(report, `valve type "${l.tokens[4]}" is not one of ${[...VALVE_TYPES].join(', ')}`, {
        line: l.line,
        section: 'VALVES',
      });
    const link: InpLink = {
      id: l.tokens[0]!,
      kind: 'valve',
      line: l.line,
      from: l.tokens[1]!,
      to: l.tokens[2]!,
      diameter: readNumber(report, l, 'VALVES', 3, 'diameter'),
      valveType: type,
      setting: l.tokens[5]!,
      vertices: [],
    };
    if (type !== 'GPV') readNumber(report, l, 'VALVES', 5, 'setting');
    const minor = readNumber(report, l, 'VALVES', 6, 'minor loss', true);
    if (!Number.isNaN(minor)) link.minorLoss = minor;
    if (l.tokens.length > 7) link.extra = l.tokens.slice(7).join(' ');
    addLink(report, out, link, 'VALVES');
  }
}

function readNodeExtras(split: SplitInp, report: ImportReport, out: InpElements): void {
  const nodeOf = (l: InpLine, section: InpSectionName): InpNode | undefined => {
    const node = out.nodes.get(l.tokens[0]!);
    if (!node) fail(report, `node "${l.tokens[0]}" is not defined`, { line: l.line, section, featureId: l.tokens[0] });
    return node;
  };
  for (const l of lines(split, 'DEMANDS')) {
    const node = nodeOf(l, 'DEMANDS');
    if (!node || !need(report, l, 'DEMANDS', 2, 'a demand')) continue;
    const d: InpNode['demands'][number] = { demand: readNumber(report, l, 'DEMANDS', 1, 'demand') };
    if (l.tokens[2]) d.pattern = l.tokens[2];
    if (l.comment) d.category = l.comment;
    node.demands.push(d);
  }
  for (const l of lines(split, 'EMITTERS')) {
    const node = nodeOf(l, 'EMITTERS');
    if (node) node.emitter = readNumber(report, l, 'EMITTERS', 1, 'emitter coefficient');
  }
  for (const l of lines(split, 'COORDINATES')) {
    const node = out.nodes.get(l.tokens[0]!);
    if (!node) {
      warn(report, `coordinates of unknown node "${l.tokens[0]}" ignored`, { line: l.line, section: 'COORDINATES' });
      continue;
    }
    if (!need(report, l, 'COORDINATES', 3, 'a coordinate')) continue;
    node.x = readNumber(report, l, 'COORDINATES', 1, 'x');
    node.y = readNumber(report, l, 'COORDINATES', 2, 'y');
  }
}

function readLinkExtras(split: SplitInp, report: ImportReport, out: InpElements): void {
  for (const l of lines(split, 'VERTICES')) {
    const link = out.links.get(l.tokens[0]!);
    if (!link) {
      warn(report, `vertex of unknown link "${l.tokens[0]}" ignored`, { line: l.line, section: 'VERTICES' });
      continue;
    }
    if (!need(report, l, 'VERTICES', 3, 'a vertex')) continue;
    link.vertices.push([readNumber(report, l, 'VERTICES', 1, 'x'), readNumber(report, l, 'VERTICES', 2, 'y')]);
  }
  for (const l of lines(split, 'STATUS')) {
    const link = out.links.get(l.tokens[0]!);
    if (!link) {
      fail(report, `status of unknown link "${l.tokens[0]}"`, { line: l.line, section: 'STATUS' });
      continue;
    }
    if (!need(report, l, 'STATUS', 2, 'a status')) continue;
    const value = l.tokens[1]!.toLowerCase();
    if (value === 'open' || value === 'closed') link.status = value;
    else if (value === 'active') link.status = undefined;
    else if (link.kind !== 'pipe' && Number.isFinite(Number(value))) link.setting = value;
    else
      fail(report, `status "${l.tokens[1]}" is not Open, Closed, Active or a setting`, {
        line: l.line,
        section: 'STATUS',
      });
  }
  for (const l of lines(split, 'TAGS')) {
    const [type, id, tag] = l.tokens;
    const target =
      type?.toUpperCase() === 'NODE'
        ? out.nodes.get(id ?? '')
        : type?.toUpperCase() === 'LINK'
          ? out.links.get(id ?? '')
          : undefined;
    if (target && tag) target.tag = tag;
    else warn(report, `tag line not understood or for an unknown element`, { line: l.line, section: 'TAGS' });
  }
}

/** Reads nodes, links and their per-element extras (demands, emitters, coordinates, vertices, status, tags). */
export function readInpElements(split: SplitInp, report: ImportReport): InpElements {
  const out: InpElements = { nodes: new Map(), links: new Map() };
  readNodes(split, report, out);
  readLinks(split, report, out);
  readNodeExtras(split, report, out);
  readLinkExtras(split, report, out);
  return out;
}

/** Raw lines of a section (inline comments kept), for sections kept verbatim in the network's metadata. */
export function rawLines(section: InpSection | undefined): string[] {
  return section ? section.lines.map((l) => l.raw) : [];
}
