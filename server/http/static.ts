import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type Response } from 'express';

/** Where the built viewer and the 3D Tiles are. */
export interface StaticOptions {
  /** The viewer bundle (index.html and assets/). */
  viewerDir: string;
  /** The tiles root; served under /tiles/. */
  tilesDir: string;
}

const BUILDING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>GridTwin</title></head>
<body style="font-family: sans-serif; margin: 3em">
<h1>GridTwin</h1>
<p>The viewer is being built. This page reloads by itself in a few seconds.</p>
<p>The API already answers: <a href="/api/health">/api/health</a>, <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>
`;

function tileHeaders(res: Response, filePath: string): void {
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.glb') {
    res.setHeader('Content-Type', 'model/gltf-binary');
    res.setHeader('Cache-Control', 'public, max-age=3600');
  } else if (ext === '.json') {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    // tileset.json is the entry point: revalidate so a rebuilt city shows at once (ETag keeps it cheap).
    res.setHeader('Cache-Control', 'no-cache');
  } else {
    res.setHeader('Cache-Control', 'public, max-age=3600');
  }
}

function viewerHeaders(res: Response, filePath: string): void {
  // Vite names everything under assets/ by content hash: cache forever. index.html must always be revalidated.
  const hashed = filePath.split(path.sep).includes('assets');
  res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/**
 * Serves the built viewer at `/` (unknown non-/api paths without a file extension fall back to index.html, so client
 * routes survive a reload) and the 3D Tiles under `/tiles/` (tileset.json as application/json, .glb as
 * model/gltf-binary). While the viewer has no index.html yet, `/` answers a short page saying it is being built.
 * Call after `createApp`, so /api keeps its own 404 JSON.
 */
export function mountStatic(app: Express, options: StaticOptions): void {
  app.use('/tiles', express.static(options.tilesDir, { index: false, fallthrough: true, setHeaders: tileHeaders }));
  app.use('/tiles', (_req, res) => {
    res.status(404).type('text/plain').send('tile not found');
  });
  app.use(express.static(options.viewerDir, { index: 'index.html', setHeaders: viewerHeaders }));
  const indexPath = path.join(options.viewerDir, 'index.html');
  app.get(/^\/(?!api(?:\/|$)).*/u, (req, res, next) => {
    // A path with an extension is a missing file, not a client route.
    if (path.extname(req.path) !== '') {
      next();
      return;
    }
    if (!fs.existsSync(indexPath)) {
      res.status(503).setHeader('Retry-After', '5').type('html').send(BUILDING_PAGE);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexPath);
  });
}
