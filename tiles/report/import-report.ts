// The import report lives in core so the server's upload preview (POST /api/sensors/import) reports like the CLI.
export * from '../../core/registry/import-report.js';
