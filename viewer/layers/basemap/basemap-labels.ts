import type { BasemapFeature } from '../../../core/contracts/basemap.js';
import { labelText, ROAD_ORDER, ROAD_STYLES, worldPixel } from './basemap-style.js';

/** A name placed on the map: world pixel position at its zoom, angle (rad, readable: never upside down). */
export interface PlacedLabel {
  text: string;
  x: number;
  y: number;
  angle: number;
  /** Half the text's width, px: tiles draw a label whose box reaches into them. */
  halfWidth: number;
  kind: 'road' | 'area';
}

/** Same-name labels keep this far apart (px), so a long avenue is named every few hundred px, not on each piece. */
const SAME_NAME_SPACING_PX = 320;
/** Space kept between any two labels (px) beyond their half widths. */
const LABEL_GAP_PX = 8;

interface Candidate extends PlacedLabel {
  rank: number;
  lengthPx: number;
}

/**
 * Places road and area names for one zoom level, the same for every tile (so a label cut by a tile edge continues in
 * the next tile): a road name on the middle of a straight stretch longer than the text, major roads first, the same
 * name kept apart; a named water or green area at the centre of its largest piece when it is wide enough.
 * `measure` answers a text's width in px (the canvas' measureText in the browser).
 */
export function placeLabels(
  features: readonly BasemapFeature[],
  zoom: number,
  language: 'en' | 'zh',
  measure: (text: string) => number,
): PlacedLabel[] {
  const candidates: Candidate[] = [];
  const widths = new Map<string, number>();
  const widthOf = (t: string) => widths.get(t) ?? (widths.set(t, measure(t)), widths.get(t)!);
  for (const f of features) {
    const text = labelText(f, language);
    if (!text) continue;
    if (f.layer === 'road') {
      const cls = f.kind as keyof typeof ROAD_STYLES;
      const style = ROAD_STYLES[cls];
      if (!style || f.tunnel || zoom < style.labelZoom) continue;
      const w = widthOf(text);
      for (const line of f.lines ?? []) {
        const pts = line.map(([lon, lat]) => worldPixel(lon, lat, zoom));
        for (let i = 1; i < pts.length; i++) {
          const [x0, y0] = pts[i - 1]!;
          const [x1, y1] = pts[i]!;
          const len = Math.hypot(x1 - x0, y1 - y0);
          if (len < w + 12) continue;
          let angle = Math.atan2(y1 - y0, x1 - x0);
          if (angle > Math.PI / 2) angle -= Math.PI;
          if (angle < -Math.PI / 2) angle += Math.PI;
          candidates.push({
            text,
            x: (x0 + x1) / 2,
            y: (y0 + y1) / 2,
            angle,
            halfWidth: w / 2,
            kind: 'road',
            rank: ROAD_ORDER.length - ROAD_ORDER.indexOf(cls),
            lengthPx: len,
          });
        }
      }
    } else if ((f.layer === 'water' || f.layer === 'green') && zoom >= 13) {
      const w = widthOf(text);
      for (const polygon of f.polygons ?? []) {
        let minX = Infinity,
          minY = Infinity,
          maxX = -Infinity,
          maxY = -Infinity;
        for (const [lon, lat] of polygon[0] ?? []) {
          const [x, y] = worldPixel(lon, lat, zoom);
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
        const span = Math.min(maxX - minX, maxY - minY);
        if (maxX - minX < w + 20 || span < 24) continue;
        candidates.push({
          text,
          x: (minX + maxX) / 2,
          y: (minY + maxY) / 2,
          angle: 0,
          halfWidth: w / 2,
          kind: 'area',
          rank: f.layer === 'water' ? 20 : 0,
          lengthPx: (maxX - minX) * (maxY - minY),
        });
      }
    }
  }
  candidates.sort((a, b) => b.rank - a.rank || b.lengthPx - a.lengthPx);
  const placed: Candidate[] = [];
  for (const c of candidates) {
    const clash = placed.some((p) => {
      const d = Math.hypot(p.x - c.x, p.y - c.y);
      // An area's name once in a wide stretch (a river is cut into many pieces by the source's tiles).
      const spacing = c.kind === 'area' ? SAME_NAME_SPACING_PX * 2.5 : SAME_NAME_SPACING_PX;
      return d < p.halfWidth + c.halfWidth + LABEL_GAP_PX || (p.text === c.text && d < spacing);
    });
    if (!clash) placed.push(c);
  }
  return placed.map(({ text, x, y, angle, halfWidth, kind }) => ({ text, x, y, angle, halfWidth, kind }));
}
