export * from './field-map.js';
export * from './grid-record.schema.js';
export * from './grid-qa.js';
