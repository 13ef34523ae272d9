/** Rule settings live in core beside the rule engine; the bridge re-exports them. */
export * from '../../core/rules/rule-settings.js';
