import Flatbush from 'flatbush';
import type { Basemap, BasemapFeature, RoadClass } from '../../../core/contracts/basemap.js';
import { placeLabels, type PlacedLabel } from './basemap-labels.js';
import {
  areaColor,
  ROAD_ORDER,
  ROAD_STYLES,
  roadWidthPx,
  tileBounds,
  TUNNEL_ALPHA,
  worldPixel,
} from './basemap-style.js';

export const TILE_PX = 256;
const AREA_ORDER = ['landuse', 'green', 'water'] as const;
const LABEL_FONT = '600 12px "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif';

/**
 * Paints a city's basemap into web-mercator tiles with Canvas 2D: areas (landuse, green, water), roads by class
 * (width from the road's width on the ground, never below a minimum), and names placed once per zoom level. Features
 * are found through a packed R-tree of their extents, so a tile touches only what lies in it.
 */
export class BasemapPainter {
  private readonly index: Flatbush | null;
  private readonly labels = new Map<number, PlacedLabel[]>();
  private readonly lat: number;

  constructor(
    private readonly basemap: Basemap,
    private readonly language: 'en' | 'zh',
  ) {
    const { features } = basemap;
    this.lat = (basemap.bbox[1] + basemap.bbox[3]) / 2;
    if (features.length === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(features.length);
    for (const f of features) {
      let w = Infinity,
        s = Infinity,
        e = -Infinity,
        n = -Infinity;
      for (const part of [...(f.lines ?? []), ...(f.polygons ?? []).map((p) => p[0] ?? [])])
        for (const [x, y] of part) {
          w = Math.min(w, x);
          e = Math.max(e, x);
          s = Math.min(s, y);
          n = Math.max(n, y);
        }
      index.add(w, s, e, n);
    }
    index.finish();
    this.index = index;
  }

  /** Features whose extent meets a lon/lat box. */
  private featuresIn(w: number, s: number, e: number, n: number): BasemapFeature[] {
    return this.index ? this.index.search(w, s, e, n).map((i) => this.basemap.features[i]!) : [];
  }

  /** Paints tile x, y of a zoom level into a 2D context of TILE_PX square. Answers the features drawn. */
  paint(ctx: CanvasRenderingContext2D, x: number, y: number, zoom: number): number {
    const [w, s, e, n] = tileBounds(x, y, zoom);
    // A margin for strokes and labels that start outside the tile.
    const m = (e - w) * 0.25;
    const features = this.featuresIn(w - m, s - m, e + m, n + m);
    const ox = x * TILE_PX;
    const oy = y * TILE_PX;
    const toPx = (lon: number, lat: number): [number, number] => {
      const [px, py] = worldPixel(lon, lat, zoom);
      return [px - ox, py - oy];
    };
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const layer of AREA_ORDER) {
      for (const f of features) {
        if (f.layer !== layer) continue;
        ctx.fillStyle = areaColor(f);
        ctx.beginPath();
        for (const polygon of f.polygons ?? [])
          for (const ring of polygon) {
            ring.forEach(([lon, lat], i) => {
              const [px, py] = toPx(lon, lat);
              if (i === 0) ctx.moveTo(px, py);
              else ctx.lineTo(px, py);
            });
            ctx.closePath();
          }
        ctx.fill('evenodd');
      }
    }
    const roads = new Map<RoadClass, BasemapFeature[]>();
    for (const f of features) {
      if (f.layer !== 'road') continue;
      const list = roads.get(f.kind as RoadClass);
      if (list) list.push(f);
      else roads.set(f.kind as RoadClass, [f]);
    }
    for (const cls of ROAD_ORDER) {
      const style = ROAD_STYLES[cls];
      const list = roads.get(cls);
      if (!list || zoom < style.minZoom) continue;
      ctx.strokeStyle = style.color;
      ctx.lineWidth = roadWidthPx(cls, this.lat, zoom);
      for (const tunnel of [false, true]) {
        ctx.globalAlpha = tunnel ? TUNNEL_ALPHA : 1;
        ctx.setLineDash(tunnel ? [4, 4] : ((style.dash as number[] | undefined) ?? []));
        ctx.beginPath();
        for (const f of list) {
          if (Boolean(f.tunnel) !== tunnel) continue;
          for (const line of f.lines ?? [])
            line.forEach(([lon, lat], i) => {
              const [px, py] = toPx(lon, lat);
              if (i === 0) ctx.moveTo(px, py);
              else ctx.lineTo(px, py);
            });
        }
        ctx.stroke();
      }
    }
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
    this.paintLabels(ctx, ox, oy, zoom);
    return features.length;
  }

  private paintLabels(ctx: CanvasRenderingContext2D, ox: number, oy: number, zoom: number): void {
    ctx.font = LABEL_FONT;
    let labels = this.labels.get(zoom);
    if (!labels) {
      labels = placeLabels(this.basemap.features, zoom, this.language, (t) => ctx.measureText(t).width);
      this.labels.set(zoom, labels);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(12, 18, 24, 0.9)';
    for (const l of labels) {
      const x = l.x - ox;
      const y = l.y - oy;
      const r = l.halfWidth + 8;
      if (x < -r || y < -r || x > TILE_PX + r || y > TILE_PX + r) continue;
      ctx.save();
      ctx.translate(x, y);
      ctx.rotate(l.angle);
      ctx.fillStyle = l.kind === 'area' ? '#8fb8d8' : '#e8e2d4';
      ctx.strokeText(l.text, 0, 0);
      ctx.fillText(l.text, 0, 0);
      ctx.restore();
    }
  }
}
