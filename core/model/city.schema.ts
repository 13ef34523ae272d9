import { z } from 'zod';
import { BboxSchema, LonLatSchema } from './geometry.schema.js';
import { BuildingSchema } from './building.schema.js';
import { NetworkLinkSchema, NetworkNodeSchema, NetworkSchema } from './network.schema.js';
import { SensorSchema } from './sensor.schema.js';
import { CrewSchema, GridSchema } from './grid.schema.js';
import { isTimeZone } from '../time/city-time.js';
import { ClearanceOverridesSchema } from '../excavation/clearance-table.js';

/** A city (or district) held in the store: where it is, and where its data came from. */
export const CitySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'city ids are lower-case letters, digits and dashes'),
  name: z.string().min(1),
  nameEn: z.string().optional(),
  /** The city's IANA time zone (e.g. `Asia/Shanghai`): every time in the UI is shown in it. Unset reads as UTC. */
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai').optional(),
  /** The origin of the city's local east-north-up frame. */
  center: LonLatSchema,
  bbox: BboxSchema,
  /** Ground elevation above the vertical datum, m (the demo city is flat at this height). */
  groundElevationM: z.number().finite().default(0),
  /** Attribution and licence lines that must travel with the data. */
  attribution: z.array(z.string()).default([]),
  /** Seed of generated parts (synthetic networks, grids, sensors), so a rebuild is identical. */
  seed: z.number().int().nullable().default(null),
  createdAt: z.number().int(),
  /**
   * The city's own minimum clearances between utilities and to excavations, over the default table
   * (GB 50289-2016, see core/excavation/clearance-table.ts). Absent: the defaults.
   */
  clearances: ClearanceOverridesSchema.optional(),
});
export type City = z.infer<typeof CitySchema>;
export type CityInput = z.input<typeof CitySchema>;

/** Everything of one city, as importers and the demo generator produce it and the store saves it. */
export const CityBundleSchema = z.object({
  city: CitySchema,
  buildings: z.array(BuildingSchema).default([]),
  networks: z.array(NetworkSchema).default([]),
  nodes: z.array(NetworkNodeSchema).default([]),
  links: z.array(NetworkLinkSchema).default([]),
  sensors: z.array(SensorSchema).default([]),
  grids: z.array(GridSchema).default([]),
  crews: z.array(CrewSchema).default([]),
});
export type CityBundle = z.infer<typeof CityBundleSchema>;
export type CityBundleInput = z.input<typeof CityBundleSchema>;
