import type { MetadataClassDefinition } from './property-table.js';

/**
 * Property table class of the buildings tileset. `id` is the model id (pick -> `/api/buildings/:id`); coarse levels
 * carry merged blocks with `kind` = `block`, the id of the block's tallest building and `buildingCount` > 1.
 */
export const BUILDING_CLASS: MetadataClassDefinition = {
  name: 'building',
  description: 'A building, or a merged block of buildings on a coarse level',
  properties: [
    { name: 'id', type: 'STRING', description: 'Model id (the tallest building of a block)' },
    { name: 'kind', type: 'STRING', description: 'building or block' },
    { name: 'name', type: 'STRING', description: 'Name, if any' },
    { name: 'address', type: 'STRING', description: 'Street and number' },
    { name: 'use', type: 'STRING', description: 'Use class (residential, office, ...)' },
    { name: 'heightM', type: 'FLOAT32', description: 'Roof height above ground, m' },
    { name: 'baseHeightM', type: 'FLOAT32', description: 'Base height above ground, m' },
    { name: 'floors', type: 'UINT16', noData: 0, description: 'Number of floors' },
    { name: 'population', type: 'UINT32', description: 'Estimated residents' },
    { name: 'gridId', type: 'STRING', description: 'Management grid cell id' },
    { name: 'buildingCount', type: 'UINT32', description: "Buildings this feature stands for (1, or a block's count)" },
  ],
};

/** Column order of {@link BUILDING_CLASS}, for readable row construction. */
export type BuildingRow = [
  id: string,
  kind: string,
  name: string | undefined,
  address: string | undefined,
  use: string,
  heightM: number,
  baseHeightM: number,
  floors: number | undefined,
  population: number,
  gridId: string | undefined,
  buildingCount: number,
];

/**
 * Property table class of the network tilesets (one per utility): pipes, ducts, manholes, valves, hydrants...
 * Depth is cover depth below ground (pipes: to the pipe crown at mid-length; nodes: to the invert).
 */
export const NETWORK_CLASS: MetadataClassDefinition = {
  name: 'networkFeature',
  description: 'A network link (pipe, conduit, duct) or node (manhole, valve, hydrant, ...)',
  properties: [
    { name: 'id', type: 'STRING', description: 'Model id' },
    { name: 'kind', type: 'STRING', description: 'Link or node kind (pipe, manhole, valve, ...)' },
    { name: 'utility', type: 'STRING', description: 'water, sewer, storm, gas, power, telecom or heat' },
    { name: 'name', type: 'STRING', description: 'Name, if any' },
    { name: 'diameterMm', type: 'FLOAT32', noData: 0, description: 'Inside diameter, mm (links)' },
    { name: 'material', type: 'STRING', description: 'Pipe material' },
    { name: 'depthM', type: 'FLOAT32', description: 'Depth below ground, m' },
    { name: 'invertM', type: 'FLOAT32', description: 'Invert elevation above the vertical datum, m' },
    { name: 'installYear', type: 'UINT16', noData: 0, description: 'Year laid' },
    { name: 'lengthM', type: 'FLOAT32', noData: 0, description: 'Length, m (links)' },
    { name: 'gridId', type: 'STRING', description: 'Management grid cell id' },
  ],
};

/** Column order of {@link NETWORK_CLASS}. */
export type NetworkRow = [
  id: string,
  kind: string,
  utility: string,
  name: string | undefined,
  diameterMm: number | undefined,
  material: string | undefined,
  depthM: number,
  invertM: number,
  installYear: number | undefined,
  lengthM: number | undefined,
  gridId: string | undefined,
];
