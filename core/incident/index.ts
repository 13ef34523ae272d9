export * from './event-workflow.js';
export * from './event-transition.js';
export * from './event-permissions.js';
export * from './event-assignment.js';
export * from './sla.js';
export * from './kpis.js';
export * from './alert-event-policy.js';
export * from './event-title.js';
