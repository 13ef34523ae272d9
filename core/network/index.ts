/** Pure network topology: graph from nodes and links, components, shortest paths, valve isolation traces. */
export * from './topology-graph.js';
export * from './connected-components.js';
export * from './min-heap.js';
export * from './shortest-path.js';
export * from './trace-isolation.js';
export * from './epanet-ids.js';
