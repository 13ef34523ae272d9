import { Event, ImageryLayer, WebMercatorTilingScheme, type Credit, type ImageryProvider, type Request } from 'cesium';
import type { Basemap } from '../../../core/contracts/basemap.js';
import { BasemapPainter, TILE_PX } from './basemap-painter.js';
import { tileBounds } from './basemap-style.js';

/** Deepest zoom painted (about 0.25 m a pixel at Shanghai's latitude): enough for a street at a crew's eye level. */
const MAX_LEVEL = 19;
/** Coarsest zoom painted: a tile is about 8 km wide there, a few tiles cover a district. */
const MIN_LEVEL = 12;

/**
 * A Cesium imagery provider whose tiles are painted in the browser from the city's basemap file (no tile server,
 * no network: the globe drapes them on the ground like any imagery, so they are clamped and cost no extra draw
 * calls). Only tiles over the basemap's extent are asked for.
 */
export class BasemapImageryProvider {
  readonly tilingScheme = new WebMercatorTilingScheme();
  readonly tileWidth = TILE_PX;
  readonly tileHeight = TILE_PX;
  readonly maximumLevel = MAX_LEVEL;
  readonly minimumLevel = 0;
  readonly rectangle;
  readonly tileDiscardPolicy = undefined;
  readonly errorEvent = new Event();
  readonly credit: Credit | undefined = undefined;
  readonly proxy = undefined;
  readonly hasAlphaChannel = true;
  /** Tiles painted so far (tests, benchmark). */
  tilesPainted = 0;
  /** Milliseconds spent painting (tests, benchmark). */
  paintMs = 0;
  private readonly painter: BasemapPainter;
  /** The basemap's extent (lon/lat west, south, east, north). */
  private readonly extent: readonly [number, number, number, number];

  constructor(basemap: Basemap, language: 'en' | 'zh') {
    // The whole world, not the city's extent: with a smaller rectangle the globe clamps the edge pixels of the
    // border tiles and streaks the city's roads out to the horizon. Tiles off the city paint nothing (an index miss).
    this.rectangle = this.tilingScheme.rectangle;
    this.painter = new BasemapPainter(basemap, language);
    this.extent = basemap.bbox;
  }

  getTileCredits(): Credit[] {
    return [];
  }

  requestImage(x: number, y: number, level: number, _request?: Request): Promise<HTMLCanvasElement> {
    // Below MIN_LEVEL a tile spans the whole city in a few px: painted, the globe would stretch that blur over the
    // ground (and over coarse far tiles up to the horizon). Those tiles, and every tile off the city (the globe asks
    // for them up to the horizon), stay empty: a 1 px transparent image, since a full empty tile per globe tile kept
    // software WebGL busy uploading textures long after the city had drawn (measured: the page's main thread still
    // answered in 1-2.5 s two minutes after loading, against 3 ms with the basemap off).
    const [w, s, e, n] = tileBounds(x, y, level);
    const [bw, bs, be, bn] = this.extent;
    if (level < MIN_LEVEL || e < bw || w > be || n < bs || s > bn) return Promise.resolve(emptyTile());
    const t0 = performance.now();
    const canvas = document.createElement('canvas');
    canvas.width = TILE_PX;
    canvas.height = TILE_PX;
    const ctx = canvas.getContext('2d');
    if (ctx) {
      this.painter.paint(ctx, x, y, level);
      this.tilesPainted++;
      this.paintMs += performance.now() - t0;
    }
    return Promise.resolve(canvas);
  }

  pickFeatures(): undefined {
    return undefined;
  }
}

/** A transparent 1 px tile: what the globe gets where there is nothing to paint. */
function emptyTile(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  return canvas;
}

/** The provider as Cesium's ImageryLayer takes it (the structural interface has more optional members). */
export function asImageryProvider(p: BasemapImageryProvider): ImageryProvider {
  return p as unknown as ImageryProvider;
}

export { ImageryLayer };
