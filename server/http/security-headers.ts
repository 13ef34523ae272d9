import type { RequestHandler } from 'express';
import compression from 'compression';

/**
 * The Content-Security-Policy of every answer. Cesium needs: its workers (same origin, some from blob: URLs),
 * WebAssembly (Draco, basis), string evaluation (the viewer bundle calls eval at start-up: without 'unsafe-eval'
 * the globe never appears; the browser test tests/browser/viewer-app.test.ts shows it), images and textures from data:/blob:, inline
 * styles on its widgets; the live feed is a WebSocket to this origin. Nothing is loaded from another origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss: data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Helmet-style security headers on every answer (API, viewer, tiles). */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-DNS-Prefetch-Control', 'off');
  res.setHeader('Permissions-Policy', 'camera=(self), geolocation=(self), microphone=()');
  next();
};

/** Binary tiles compress well too (glTF's JSON chunk, index and normal arrays); the default filter skips them. */
const COMPRESSIBLE_EXTRA = /^model\/gltf|^application\/octet-stream/;

/** gzip/deflate/br for JSON, the viewer's text assets and tiles, above 1 KB. */
export const compressAnswers: RequestHandler = compression({
  threshold: 1024,
  filter: (req, res) => {
    const type = String(res.getHeader('Content-Type') ?? '');
    return COMPRESSIBLE_EXTRA.test(type) || compression.filter(req, res);
  },
});
