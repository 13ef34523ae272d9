import { z } from 'zod';
import { SensorSchema } from '../model/index.js';

/** POST /api/sensors/import query: the city, whether to preview only, and how to read the file. */
export const SensorImportQuerySchema = z.strictObject({
  city: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'city must be a city id: lower-case letters, digits and dashes' })
    .optional()
    .describe('City id; default: the city the server was started with (CITY)'),
  dryRun: z
    .enum(['0', '1', 'true', 'false'], { error: 'dryRun must be 1 or 0' })
    .optional()
    .describe('1: answer the preview and the QA report without saving anything'),
  name: z
    .string()
    .max(200)
    .optional()
    .describe('The file name (sensors.csv, sensors.geojson): its extension says how to read the body'),
  delimiter: z
    .enum([',', ';', '\t', '|'], { error: 'delimiter must be one of , ; | or a tab' })
    .optional()
    .describe('CSV delimiter; default guessed from the header line'),
});
export type SensorImportQuery = z.infer<typeof SensorImportQuerySchema>;

/** Where a QA line comes from in the uploaded file. */
export const ImportSourceLocationSchema = z.object({
  file: z.string().optional(),
  line: z.number().int().optional().describe('1-based line of a CSV file'),
  section: z.string().optional(),
  featureIndex: z.number().int().optional().describe('0-based index of a JSON object or GeoJSON feature'),
  featureId: z.string().optional().describe('The id of the row'),
});

export const ImportIssueSchema = z.object({
  message: z.string().describe('The field at fault first: `unit "bar2": ...`'),
  where: ImportSourceLocationSchema.optional(),
  count: z.number().int().optional(),
});

/** The QA report of an import, as the CLI prints it. */
export const ImportReportSchema = z.object({
  source: z.string(),
  kind: z.string(),
  counts: z.record(z.string(), z.number()).describe('Sensors read by kind; "converted from psi": unit conversions'),
  assumptions: z.array(z.string()),
  warnings: z.array(ImportIssueSchema),
  errors: z.array(ImportIssueSchema).describe('Bad rows, unknown nodes or links: any error saves nothing'),
});

export const SensorImportStatusSchema = z.enum(['created', 'updated', 'unchanged']);

/** One row of the preview: the sensor as it will be saved and the fields that change. */
export const SensorImportRowSchema = z.object({
  id: z.string(),
  status: SensorImportStatusSchema,
  changes: z.array(z.string()).describe('Fields that differ from the registered sensor'),
  where: ImportSourceLocationSchema,
  sensor: SensorSchema,
});
export type SensorImportRowAnswer = z.infer<typeof SensorImportRowSchema>;

/** A device credential made for a new sensor: in this answer only, never retrievable again. */
export const ImportedDeviceCredentialSchema = z.object({
  sensorId: z.string(),
  username: z.string(),
  password: z.string(),
  topic: z.string().describe('The MQTT topic the device publishes its readings on'),
});

/** POST /api/sensors/import: the preview (dryRun) or what was saved, with the new sensors' credentials once. */
export const SensorImportAnswerSchema = z.object({
  cityId: z.string(),
  dryRun: z.boolean(),
  saved: z.boolean().describe('False for a preview and for a file with errors'),
  counts: z.object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
  }),
  rows: z.array(SensorImportRowSchema),
  report: ImportReportSchema,
  credentials: z
    .array(ImportedDeviceCredentialSchema)
    .describe('One per sensor that had no device credential (saved imports only): shown this once'),
});
export type SensorImportAnswer = z.infer<typeof SensorImportAnswerSchema>;
