// ESLint flat config: typescript-eslint's recommended rules, plus the layer rules of DESIGN.md section 2
// (core imports no other folder; the viewer never imports Node code; tiles and iot-bridge reach the server only
// through its store's public index).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
  layer(['core/**/*.ts'], [
    { group: ['**/tiles/**', '**/server/**', '**/iot-bridge/**', '**/viewer/**'], message: 'core/ imports npm libraries only (DESIGN.md section 2)' },
    { group: ['node:*', 'fs', 'path', 'http', 'cesium', 'resium', 'react', 'three', '@deck.gl/*', 'express', 'mqtt', 'pg', '@electric-sql/*'], message: 'core/ is pure: no I/O, no engines (DESIGN.md section 2)' },
  ]),
  layer(['tiles/**/*.ts'], [
    { group: ['**/iot-bridge/**', '**/viewer/**'], message: 'tiles/ imports core (DESIGN.md section 2)' },
    { group: ['**/server/!(store|config)/**', '**/server/*.ts', '**/server/store/!(index|city-store).js'], message: 'tiles/ reaches the server only through server/store/index.js and server/config (docs/adr/0001)' },
  ]),
  layer(['iot-bridge/**/*.ts'], [
    { group: ['**/tiles/**', '**/viewer/**'], message: 'iot-bridge/ imports core and the store interface (DESIGN.md section 2)' },
  ]),
  layer(['server/**/*.ts'], [
    { group: ['**/viewer/!(build)/**', '**/viewer/*.tsx'], message: 'server/ serves the built viewer; it does not import its code' },
  ]),
  layer(['viewer/**/*.ts', 'viewer/**/*.tsx'], [
    { group: ['**/server/**', '**/tiles/**', '**/iot-bridge/**'], message: 'the viewer talks to the server over HTTP only' },
  ]),
  { files: ['viewer/build/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
);
