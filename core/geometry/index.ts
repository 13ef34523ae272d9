/** Pure tessellation for 3D Tiles and views: a glTF-ready mesh buffer, extruded footprints, tubes, fittings. */
export * from './mesh-buffer.js';
export * from './extrude-footprint.js';
export * from './tube.js';
export * from './fitting-shapes.js';
