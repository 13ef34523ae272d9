import { z } from 'zod';

/**
 * The QA report of a pipe GIS import (`import --as pipes ... --qa-out FILE`): what was read, merged, snapped,
 * assumed and dropped, each count with a few examples a user can look up in their GIS (feature index and id).
 */

const count = z.number().int().min(0);

/** A feature of the source, as a user finds it again in their GIS. */
export const PipeGisFeatureRefSchema = z.object({
  file: z.string(),
  /** 0-based index of the feature in its layer. */
  featureIndex: z.number().int().min(0),
  /** The feature's own id attribute, when it has one. */
  id: z.string().optional(),
  /** WGS84 position of the point (or of the line end) concerned. */
  position: z.tuple([z.number(), z.number()]).optional(),
  /** A distance that matters for this example (to the nearest pipe, between duplicates), m. */
  distanceM: z.number().min(0).optional(),
  note: z.string().optional(),
});
export type PipeGisFeatureRef = z.infer<typeof PipeGisFeatureRefSchema>;

/** A count and up to a few examples. */
export const PipeGisFindingSchema = z.object({ count, examples: z.array(PipeGisFeatureRefSchema) });
export type PipeGisFinding = z.infer<typeof PipeGisFindingSchema>;

/** How one model field was read: from which attribute, in which unit, found on how many features. */
export const PipeGisFieldMappingSchema = z.object({
  /** The layer (file) read. */
  file: z.string(),
  field: z.string(),
  attribute: z.string(),
  unit: z.string().optional(),
  /** True when found by its name (DIAMETER, MATERIAL...), false when given with `--map`. */
  detected: z.boolean(),
  /** Features with a usable value. */
  found: count,
  /** Features with a value that could not be read (not a number, out of range). */
  invalid: count,
});
export type PipeGisFieldMapping = z.infer<typeof PipeGisFieldMappingSchema>;

export const PipeGisQaSchema = z.object({
  source: z.string(),
  pointsSource: z.string().optional(),
  valvesSource: z.string().optional(),
  utilities: z.array(z.string()),
  snapToleranceM: z.number().min(0),
  mapping: z.array(PipeGisFieldMappingSchema),
  read: z.object({
    lineFeatures: count,
    /** Line parts (a MultiLineString gives several). */
    lines: count,
    pointFeatures: count,
    points: count,
    /** Points of the sources layer (`--sources FILE`). */
    sourcePoints: count,
    valvePoints: count,
  }),
  merged: z.object({
    /** Points at exactly the position of an earlier point of the same kind: merged into it. */
    exactDuplicatePoints: PipeGisFindingSchema,
    /** Points within the tolerance of an earlier point of the same kind: merged into it. */
    nearDuplicatePoints: PipeGisFindingSchema,
  }),
  snapped: z.object({
    endsToFacility: count,
    endsJoined: count,
    /** Line ends that met no facility and no other end within the tolerance. */
    endsUnsnapped: PipeGisFindingSchema,
  }),
  assumed: z.object({
    /** Pipes without a diameter: given the default of their utility. */
    diameters: PipeGisFindingSchema.extend({ valuesMm: z.record(z.string(), z.number()) }),
    /** Pipes without an invert at one end or both: placed at the default depth, not a measured level. */
    invertsMissing: PipeGisFindingSchema,
    /** Pipe ends whose invert was invented from `--assume-slope`. */
    invertsAssumed: count,
    /** Points whose kind was not recognised (imported as chambers). */
    unknownPointKinds: count,
    /** Nodes without a ground level (the default ground is used). */
    groundMissing: count,
    materialsMissing: count,
    yearsMissing: count,
    /** Unit read without being told (e.g. diameters in inches because every value is small). */
    unitGuesses: z.array(z.string()),
  }),
  dropped: z.object({
    abandoned: count,
    noUtility: count,
    otherGeometry: count,
    /** Lines whose two ends land on one node (shorter than the tolerance). */
    loops: PipeGisFindingSchema,
  }),
  network: z.object({
    links: count,
    nodes: count,
    nodesByKind: z.record(z.string(), count),
    /** Reservoirs and tanks: where water enters (isolation needs at least one). */
    sources: z.array(z.string()),
    /** Connected pieces of the network (1 when every pipe is joined). */
    pieces: count,
    /** Facilities (manholes, hydrants...) that no line reached. */
    orphanFacilities: PipeGisFindingSchema,
  }),
  valves: z.object({
    snapped: count,
    /** Pipes split by valves (a pipe with two valves is split twice). */
    pipeSplits: count,
    notSnapped: PipeGisFindingSchema,
  }),
  /** Messages a user should act on (no source, ids in --sources not found...). */
  warnings: z.array(z.string()),
  timeMs: z.number().min(0),
});
export type PipeGisQa = z.infer<typeof PipeGisQaSchema>;
