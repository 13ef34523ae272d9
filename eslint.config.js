// ESLint flat config: typescript-eslint's recommended rules, plus the layer rules of DESIGN.md section 2.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Import patterns that reach any of the given top-level folders from anywhere below the root. */
const above = (...folders) => folders.flatMap((f) => [`**/${f}/**`, `../${f}/*`]);

const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'var/**', 'dist/**', 'viewer/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // DESIGN.md section 2: each folder a layer, imports point down only (core <- store <- tiles | iot-bridge | server
  // <- app), so no two folders import each other.
  layer(
    ['core/**/*.ts'],
    [
      {
        group: above('store', 'tiles', 'iot-bridge', 'server', 'app', 'viewer'),
        message: 'core/ imports npm libraries only (DESIGN.md section 2)',
      },
      {
        group: [
          'node:*',
          'fs',
          'path',
          'http',
          'cesium',
          'resium',
          'react',
          'three',
          '@deck.gl/*',
          'express',
          'mqtt',
          'pg',
          '@electric-sql/*',
        ],
        message: 'core/ is pure: no I/O, no engines (DESIGN.md section 2)',
      },
    ],
  ),
  layer(
    ['store/**/*.ts'],
    [
      {
        group: above('tiles', 'iot-bridge', 'server', 'app', 'viewer'),
        message: 'store/ imports core only (DESIGN.md section 2)',
      },
    ],
  ),
  layer(
    ['tiles/**/*.ts'],
    [
      {
        group: above('iot-bridge', 'server', 'app', 'viewer'),
        message: 'tiles/ imports core and store (DESIGN.md section 2)',
      },
    ],
  ),
  layer(
    ['iot-bridge/**/*.ts'],
    [
      {
        group: above('tiles', 'server', 'app', 'viewer'),
        message: 'iot-bridge/ imports core and store (DESIGN.md section 2)',
      },
    ],
  ),
  layer(
    ['server/**/*.ts'],
    [
      {
        group: above('tiles', 'iot-bridge', 'app', 'viewer'),
        message:
          'server/ imports core and store; the app hands it the bridge through server/ports.ts (DESIGN.md section 2)',
      },
    ],
  ),
  layer(
    ['app/**/*.ts'],
    [
      {
        group: above('viewer'),
        message: 'app/ composes everything but the viewer, which it builds and serves as files',
      },
    ],
  ),
  layer(
    ['viewer/**/*.ts', 'viewer/**/*.tsx'],
    [
      {
        group: above('store', 'tiles', 'iot-bridge', 'server', 'app'),
        message: 'the viewer talks to the server over HTTP only; it imports core (browser-safe parts)',
      },
    ],
  ),
);
