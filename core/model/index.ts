/** The twin's model: zod schemas (the boundary contracts) and the types derived from them. */
export * from './geometry.schema.js';
export * from './building.schema.js';
export * from './network.schema.js';
export * from './sensor.schema.js';
export * from './grid.schema.js';
export * from './alert.schema.js';
export * from './dig-permit.schema.js';
export * from './event.schema.js';
export * from './user.schema.js';
export * from './city.schema.js';
