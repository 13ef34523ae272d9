import { localDistanceM, ringAreaM2 } from '../../core/geo/index.js';

/** A measured point: longitude, latitude (degrees) and height above the city's ground (m). */
export type MeasurePoint = readonly [lon: number, lat: number, heightM: number];

/** Length of a polyline through the points, 3D (slope included), m. */
export function polylineLengthM(points: readonly MeasurePoint[]): number {
  let sum = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    sum += Math.hypot(localDistanceM(a[0], a[1], b[0], b[1]), b[2] - a[2]);
  }
  return sum;
}

/** Horizontal length of the same polyline (as a map measures it), m. */
export function horizontalLengthM(points: readonly MeasurePoint[]): number {
  let sum = 0;
  for (let i = 1; i < points.length; i++)
    sum += localDistanceM(points[i - 1]![0], points[i - 1]![1], points[i]![0], points[i]![1]);
  return sum;
}

/** Horizontal area of the polygon the points outline (closed implicitly), m²; 0 below three points. */
export function polygonAreaM2(points: readonly MeasurePoint[]): number {
  if (points.length < 3) return 0;
  const ring = points.map((p) => [p[0], p[1]] as [number, number]);
  ring.push(ring[0]!);
  return ringAreaM2(ring);
}

/** Height difference between two points (the second above the first is positive), m. */
export function heightDifferenceM(a: MeasurePoint, b: MeasurePoint): number {
  return b[2] - a[2];
}

/** A length for reading: `850 m`, `12.3 m`, `1.25 km`. */
export function formatLength(m: number, lang: 'en' | 'zh' = 'en'): string {
  const km = lang === 'zh' ? '千米' : 'km';
  const metre = lang === 'zh' ? '米' : 'm';
  if (Math.abs(m) >= 1000) return `${(m / 1000).toFixed(2)} ${km}`;
  return `${Math.abs(m) >= 100 ? m.toFixed(0) : m.toFixed(2)} ${metre}`;
}

/** An area for reading: `850 m²`, `2.50 ha`, `1.20 km²`. */
export function formatArea(m2: number, lang: 'en' | 'zh' = 'en'): string {
  if (m2 >= 1e6) return `${(m2 / 1e6).toFixed(2)} ${lang === 'zh' ? '平方千米' : 'km²'}`;
  if (m2 >= 1e4) return `${(m2 / 1e4).toFixed(2)} ${lang === 'zh' ? '公顷' : 'ha'}`;
  return `${m2.toFixed(0)} ${lang === 'zh' ? '平方米' : 'm²'}`;
}
