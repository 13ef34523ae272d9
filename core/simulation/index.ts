/** Incident simulations: valve isolation and burst impact, gas plume, design storm and gravity-network routing. */
export * from './valve-isolation.js';
export * from './isolation-valves.js';
export * from './burst-impact.js';
export * from './service-attributes.js';
export * from './work-order.js';
export * from './pasquill-gifford.js';
export * from './gaussian-plume.js';
export * from './contours.js';
export * from './gas-leak.js';
export * from './design-storm.js';
export * from './gravity-routing.js';
export * from './storm-event.js';
export * from './plume-wind-series.js';
export * from './gauge-hyetograph.js';
export * from './cell-findings.js';
