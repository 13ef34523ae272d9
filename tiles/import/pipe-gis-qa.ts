import type { NetworkLink, NetworkNode } from '../../core/model/index.js';
import { buildTopologyGraph, connectedComponents } from '../../core/network/index.js';
import {
  PipeGisQaSchema,
  type PipeGisFeatureRef,
  type PipeGisFinding,
  type PipeGisQa,
} from '../../core/contracts/pipe-gis-qa.js';
import type { FieldReader } from './pipe-gis-attributes.js';
import type { ValveSplit } from './pipe-gis-valves.js';
import type { ImportReport } from '../report/import-report.js';

/** Examples kept per finding: enough to find the pattern in a GIS, few enough to read. */
export const QA_EXAMPLES = 10;

/** A count with its first examples. */
class Finding {
  count = 0;
  readonly examples: PipeGisFeatureRef[] = [];
  add(ref: PipeGisFeatureRef): void {
    this.count++;
    if (this.examples.length < QA_EXAMPLES) this.examples.push(ref);
  }
  toJSON(): PipeGisFinding {
    return { count: this.count, examples: this.examples };
  }
}

/** Collects the findings of one pipe GIS import into the QA report (core/contracts/pipe-gis-qa.ts). */
export class PipeGisQaBuilder {
  readonly read = { lineFeatures: 0, lines: 0, pointFeatures: 0, points: 0, valvePoints: 0 };
  readonly dropped = { abandoned: 0, noUtility: 0, otherGeometry: 0 };
  readonly warnings: string[] = [];
  readonly unitGuesses: string[] = [];
  sourcePoints = 0;
  unknownKind = 0;
  groundMissing = 0;
  materialsMissing = 0;
  yearsMissing = 0;
  invertsAssumed = 0;
  private readonly exactDup = new Finding();
  private readonly nearDup = new Finding();
  private readonly loops = new Finding();
  private readonly unsnappedEnds = new Finding();
  private readonly diameters = new Finding();
  private readonly diameterValues: Record<string, number> = {};
  private readonly invertsMissing = new Finding();
  private readonly orphans = new Finding();
  private readonly valvesNotSnapped = new Finding();
  private valvesSnapped = 0;
  private pipeSplits = 0;
  private endsToFacility = 0;
  private endsJoined = 0;
  private readonly readers: { file: string; reader: FieldReader }[] = [];
  private readonly net = {
    links: 0,
    nodes: 0,
    pieces: 0,
    byKind: {} as Record<string, number>,
    sources: [] as string[],
  };
  private readonly utilities = new Set<string>();

  constructor(
    private readonly source: string,
    private readonly snapToleranceM: number,
    private readonly files: { pointsSource?: string; valvesSource?: string },
  ) {}

  exact(ref: PipeGisFeatureRef): void {
    this.exactDup.add(ref);
  }
  near(ref: PipeGisFeatureRef): void {
    this.nearDup.add(ref);
  }
  loop(ref: PipeGisFeatureRef): void {
    this.loops.add(ref);
  }
  unsnapped(ref: PipeGisFeatureRef): void {
    this.unsnappedEnds.add(ref);
  }
  orphan(ref: PipeGisFeatureRef): void {
    this.orphans.add(ref);
  }
  invertMissing(ref: PipeGisFeatureRef): void {
    this.invertsMissing.add(ref);
  }
  assumedDiameter(ref: PipeGisFeatureRef, utility: string, mm: number): void {
    this.diameters.add(ref);
    this.diameterValues[utility] = mm;
  }
  warning(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }
  unitGuess(text: string): void {
    if (!this.unitGuesses.includes(text)) this.unitGuesses.push(text);
  }
  addReader(reader: FieldReader, file: string): void {
    this.readers.push({ file, reader });
  }
  snapCounts(toFacility: number, joined: number): void {
    this.endsToFacility += toFacility;
    this.endsJoined += joined;
  }
  valves(split: ValveSplit): void {
    this.valvesSnapped += split.snapped.length;
    this.pipeSplits += split.pipeSplits;
    for (const v of split.notSnapped)
      this.valvesNotSnapped.add({
        ...v.ref,
        ...(Number.isFinite(v.nearestM) ? { distanceM: Math.round(v.nearestM * 100) / 100 } : { note: 'no pipe' }),
      });
  }
  /** Counts one utility's network: nodes by kind, sources, and connected pieces among the nodes pipes reach. */
  network(nodes: readonly NetworkNode[], links: readonly NetworkLink[], sources: readonly NetworkNode[]): void {
    this.net.links += links.length;
    this.net.nodes += nodes.length;
    for (const n of nodes) {
      this.net.byKind[n.kind] = (this.net.byKind[n.kind] ?? 0) + 1;
      this.utilities.add(n.utility);
    }
    for (const l of links) this.utilities.add(l.utility);
    this.net.sources.push(...sources.map((s) => s.id));
    const graph = buildTopologyGraph(nodes, links);
    const label = connectedComponents(graph);
    const pieces = new Set<number>();
    for (let i = 0; i < nodes.length; i++) if (graph.adjStart[i + 1]! > graph.adjStart[i]!) pieces.add(label[i]!);
    this.net.pieces += pieces.size;
  }

  build(report: ImportReport, timeMs: number): PipeGisQa {
    const qa: PipeGisQa = {
      source: this.source,
      ...(this.files.pointsSource ? { pointsSource: this.files.pointsSource } : {}),
      ...(this.files.valvesSource ? { valvesSource: this.files.valvesSource } : {}),
      utilities: [...this.utilities],
      snapToleranceM: this.snapToleranceM,
      mapping: this.readers.flatMap(({ file, reader }) => reader.mappingRows().map((r) => ({ ...r, file }))),
      read: { ...this.read, sourcePoints: this.sourcePoints },
      merged: { exactDuplicatePoints: this.exactDup.toJSON(), nearDuplicatePoints: this.nearDup.toJSON() },
      snapped: {
        endsToFacility: this.endsToFacility,
        endsJoined: this.endsJoined,
        endsUnsnapped: this.unsnappedEnds.toJSON(),
      },
      assumed: {
        diameters: { ...this.diameters.toJSON(), valuesMm: this.diameterValues },
        invertsMissing: this.invertsMissing.toJSON(),
        invertsAssumed: this.invertsAssumed,
        unknownPointKinds: this.unknownKind,
        groundMissing: this.groundMissing,
        materialsMissing: this.materialsMissing,
        yearsMissing: this.yearsMissing,
        unitGuesses: this.unitGuesses,
      },
      dropped: { ...this.dropped, loops: this.loops.toJSON() },
      network: {
        links: this.net.links,
        nodes: this.net.nodes,
        nodesByKind: this.net.byKind,
        sources: this.net.sources,
        pieces: this.net.pieces,
        orphanFacilities: this.orphans.toJSON(),
      },
      valves: {
        snapped: this.valvesSnapped,
        pipeSplits: this.pipeSplits,
        notSnapped: this.valvesNotSnapped.toJSON(),
      },
      warnings: [...this.warnings, ...report.errors.map((e) => `error: ${e.message}`)],
      timeMs: Math.round(timeMs),
    };
    return PipeGisQaSchema.parse(qa);
  }
}
