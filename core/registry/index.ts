export * from './field-map.js';
export * from './grid-record.schema.js';
export * from './grid-qa.js';
export * from './sensor-record.schema.js';
export * from './units.js';
export * from './sensor-from-record.js';
