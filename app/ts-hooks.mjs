/**
 * Runs the TypeScript sources on Node's own type stripping (`node --import ./app/ts-hooks.mjs
 * --experimental-transform-types file.ts`) instead of tsx: the CLI starts in a fraction of the time, as no transpiler
 * process or source maps are set up. The sources import each other as `./x.js` (TypeScript's ESM convention); Node
 * finds no such file, so this hook resolves it to the `.ts` beside it. Node older than 22.15 (no synchronous hooks)
 * falls back to tsx.
 */
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';

/** `./a/b.js` from a project file (not a dependency's) names a TypeScript source when no .js file is there. */
function typeScriptSource(specifier, parentURL) {
  if (!specifier.endsWith('.js') || !/^\.{1,2}\//.test(specifier)) return null;
  if (!parentURL?.startsWith('file:') || parentURL.includes('/node_modules/')) return null;
  const js = new URL(specifier, parentURL);
  if (existsSync(fileURLToPath(js))) return null;
  for (const ext of ['.ts', '.tsx']) {
    const ts = new URL(specifier.slice(0, -3) + ext, parentURL);
    if (existsSync(fileURLToPath(ts))) return ts.href;
  }
  return null;
}

if (typeof nodeModule.registerHooks === 'function') {
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      return nextResolve(typeScriptSource(specifier, context.parentURL) ?? specifier, context);
    },
  });
} else {
  await import('tsx');
}
