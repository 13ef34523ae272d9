/** The rule engine is pure and lives in core (the history import evaluates it too); the bridge re-exports it. */
export * from '../../core/rules/rule-engine.js';
