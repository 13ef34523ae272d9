import { z } from 'zod';
import { AttributesSchema, MultiPolygonCoordsSchema, ProvenanceSchema } from './geometry.schema.js';

/** What a building is used for (coarse classes a viewer can colour by). */
export const BuildingUseSchema = z.enum([
  'residential',
  'commercial',
  'office',
  'retail',
  'industrial',
  'public',
  'education',
  'health',
  'religious',
  'transport',
  'hotel',
  'mixed',
  'other',
  'unknown',
]);
export type BuildingUse = z.infer<typeof BuildingUseSchema>;

/** A postal address as Chinese addresses are written: street, then number (`陆家嘴环路` + `1388`). */
export const AddressSchema = z.object({
  street: z.string().min(1),
  number: z.string().optional(),
  city: z.string().optional(),
});
export type Address = z.infer<typeof AddressSchema>;

/**
 * A building: footprint, base and roof height above local ground (m), and who lives or works there.
 * `heightEstimated` is true when the source had no height and the importer estimated one.
 */
export const BuildingSchema = z.object({
  id: z.string().min(1),
  footprint: MultiPolygonCoordsSchema,
  baseHeightM: z.number().finite().min(0).default(0),
  roofHeightM: z.number().finite().positive(),
  heightEstimated: z.boolean().default(false),
  floors: z.number().int().positive().optional(),
  use: BuildingUseSchema.default('unknown'),
  name: z.string().optional(),
  nameEn: z.string().optional(),
  address: AddressSchema.optional(),
  population: z.number().int().min(0).default(0),
  gridId: z.string().nullable().default(null),
  provenance: ProvenanceSchema,
  attributes: AttributesSchema.default({}),
});
export type Building = z.infer<typeof BuildingSchema>;
export type BuildingInput = z.input<typeof BuildingSchema>;
