/** Management grids (网格化管理): point-to-cell lookup, grid assignment of features, synthetic lattices. */
export * from './grid-locator.js';
export * from './packed-polygons.js';
export * from './point-on-surface.js';
export * from './assign-grids.js';
export * from './lattice-grids.js';
