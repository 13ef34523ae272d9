/** Dig-safe: excavations against the buried networks (exact prism distances, clearance table, the check). */
export * from './prism-distance.js';
export * from './local-plane.js';
export * from './trench.js';
export * from './clearance-table.js';
export * from './dig-check.js';
export * from './clearance-audit.js';
export * from './pair-geometry.js';
export * from './cross-section.js';
