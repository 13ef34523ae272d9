export * from './rule-engine.js';
export * from './rule-settings.js';
export * from './alert-manager.js';
