export * from './event-workflow.js';
