/// <reference types="vite/client" />

/**
 * True only in a bundle built for the browser tests (VIEWER_TEST_HOOKS=1): Vite replaces it with a literal at build
 * time, so the code it guards (window.gridtwin and other test handles) is dropped from production bundles.
 */
declare const __GRIDTWIN_TEST_HOOKS__: boolean;
