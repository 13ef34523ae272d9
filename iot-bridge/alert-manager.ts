/** The alert manager is pure (its store is injected) and lives in core; the bridge re-exports it. */
export * from '../core/rules/alert-manager.js';
