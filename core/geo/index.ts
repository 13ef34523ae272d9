export * from './ellipsoid.js';
export * from './ecef.js';
export * from './enu.js';
export * from './gcj02.js';
export * from './crs.js';
export * from './polygon.js';
export * from './length-units.js';
