import { z } from 'zod';
import { AttributesSchema, LineCoordsSchema, LonLatSchema, ProvenanceSchema } from './geometry.schema.js';

/** The seven utilities a city twin carries underground. */
export const UtilitySchema = z.enum(['water', 'sewer', 'storm', 'gas', 'power', 'telecom', 'heat']);
export type Utility = z.infer<typeof UtilitySchema>;
export const UTILITIES: readonly Utility[] = UtilitySchema.options;

/** Point features of a network. Valves that crews close are nodes; EPANET control valves are links. */
export const NodeKindSchema = z.enum([
  'junction',
  'manhole',
  'valve',
  'hydrant',
  'pump',
  'tank',
  'reservoir',
  'outfall',
  'regulator',
  'service',
  'inlet',
  'chamber',
  'substation',
  'cabinet',
]);
export type NodeKind = z.infer<typeof NodeKindSchema>;

/** Line features: pipes, gravity conduits, cable duct banks, service lines, and EPANET valve/pump links. */
export const LinkKindSchema = z.enum(['pipe', 'conduit', 'duct', 'service', 'valve', 'pump']);
export type LinkKind = z.infer<typeof LinkKindSchema>;

/** EPANET hydraulic data of a node (SI: m, L/s). Absent on non-pressurised networks. */
export const NodeHydraulicsSchema = z.object({
  /** Base demand in L/s (junctions). */
  demandLps: z.number().finite().optional(),
  demandPattern: z.string().optional(),
  /** Total head in m (reservoirs). */
  headM: z.number().finite().optional(),
  headPattern: z.string().optional(),
  tank: z
    .object({
      initLevelM: z.number().finite(),
      minLevelM: z.number().finite(),
      maxLevelM: z.number().finite(),
      diameterM: z.number().finite().positive(),
      minVolumeM3: z.number().finite().min(0).default(0),
      volumeCurve: z.string().optional(),
    })
    .optional(),
  emitterCoeff: z.number().finite().optional(),
});
export type NodeHydraulics = z.infer<typeof NodeHydraulicsSchema>;

/**
 * A network node. Elevations are metres above the city's vertical datum; `invertM` is the lowest inside point
 * (pipe bottom, manhole floor), so depth below ground is `groundM - invertM`.
 */
export const NetworkNodeSchema = z.object({
  id: z.string().min(1),
  networkId: z.string().min(1),
  utility: UtilitySchema,
  kind: NodeKindSchema,
  position: LonLatSchema,
  groundM: z.number().finite(),
  invertM: z.number().finite(),
  name: z.string().optional(),
  /** Whether a valve node is normally open; crews close it to isolate. */
  normallyOpen: z.boolean().optional(),
  gridId: z.string().nullable().default(null),
  hydraulics: NodeHydraulicsSchema.optional(),
  provenance: ProvenanceSchema,
  attributes: AttributesSchema.default({}),
});
export type NetworkNode = z.infer<typeof NetworkNodeSchema>;
export type NetworkNodeInput = z.input<typeof NetworkNodeSchema>;

/** EPANET hydraulic data of a link (SI units; roughness in the network's headloss formula). */
export const LinkHydraulicsSchema = z.object({
  roughness: z.number().finite().optional(),
  minorLoss: z.number().finite().optional(),
  /** Initial status: Open, Closed, or CV (check valve) for pipes. */
  status: z.enum(['open', 'closed', 'cv']).optional(),
  /** Valve type (PRV, PSV, PBV, FCV, TCV, GPV) and setting for valve links. */
  valveType: z.enum(['PRV', 'PSV', 'PBV', 'FCV', 'TCV', 'GPV', 'PCV']).optional(),
  setting: z.number().finite().optional(),
  /** Pump parameters as written in EPANET's [PUMPS] section, e.g. `HEAD 1 SPEED 1.2`. */
  pumpParameters: z.string().optional(),
});
export type LinkHydraulics = z.infer<typeof LinkHydraulicsSchema>;

/**
 * A network link from `fromNodeId` to `toNodeId` (for gravity networks: upstream to downstream).
 * `path` runs from the from-node to the to-node, endpoints included. Inverts are elevations in metres.
 */
export const NetworkLinkSchema = z.object({
  id: z.string().min(1),
  networkId: z.string().min(1),
  utility: UtilitySchema,
  kind: LinkKindSchema,
  fromNodeId: z.string().min(1),
  toNodeId: z.string().min(1),
  path: LineCoordsSchema,
  lengthM: z.number().finite().min(0),
  /** Inside diameter in mm (for duct banks: the equivalent envelope width). */
  diameterMm: z.number().finite().positive(),
  material: z.string().optional(),
  installYear: z.number().int().min(1800).max(2200).optional(),
  fromInvertM: z.number().finite(),
  toInvertM: z.number().finite(),
  name: z.string().optional(),
  gridId: z.string().nullable().default(null),
  hydraulics: LinkHydraulicsSchema.optional(),
  provenance: ProvenanceSchema,
  attributes: AttributesSchema.default({}),
});
export type NetworkLink = z.infer<typeof NetworkLinkSchema>;
export type NetworkLinkInput = z.input<typeof NetworkLinkSchema>;

/**
 * A network as a whole: one per utility and source (the demo city's water network, an imported EPANET model).
 * `metadata` keeps what a round trip to the source format needs (EPANET options, patterns, curves, times...).
 */
export const NetworkSchema = z.object({
  id: z.string().min(1),
  utility: UtilitySchema,
  name: z.string(),
  provenance: ProvenanceSchema,
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type Network = z.infer<typeof NetworkSchema>;
export type NetworkInput = z.input<typeof NetworkSchema>;
