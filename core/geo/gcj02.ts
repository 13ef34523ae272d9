/**
 * GCJ-02 ("Mars coordinates"), the obfuscated datum Chinese commercial maps must use, to and from WGS84.
 * The forward transform is the published algorithm; the inverse has no closed form, so it is solved by iteration
 * (converges to < 1e-7 degrees, about 1 cm, in a few steps). Outside China GCJ-02 equals WGS84.
 */
const A = 6378245.0;
const EE = 0.006693421622965943;

/** Whether a point lies in the (rectangular) area where GCJ-02 is applied. */
export function isInChina(lonDeg: number, latDeg: number): boolean {
  return lonDeg >= 72.004 && lonDeg <= 137.8347 && latDeg >= 0.8293 && latDeg <= 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLon(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** WGS84 -> GCJ-02, degrees. */
export function wgs84ToGcj02(lonDeg: number, latDeg: number): [number, number] {
  if (!isInChina(lonDeg, latDeg)) return [lonDeg, latDeg];
  const dLat0 = transformLat(lonDeg - 105.0, latDeg - 35.0);
  const dLon0 = transformLon(lonDeg - 105.0, latDeg - 35.0);
  const radLat = (latDeg / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (dLat0 * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (dLon0 * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lonDeg + dLon, latDeg + dLat];
}

/** GCJ-02 -> WGS84, degrees, by fixed-point iteration on the forward transform. */
export function gcj02ToWgs84(lonDeg: number, latDeg: number): [number, number] {
  if (!isInChina(lonDeg, latDeg)) return [lonDeg, latDeg];
  let lon = lonDeg,
    lat = latDeg;
  for (let i = 0; i < 10; i++) {
    const [gLon, gLat] = wgs84ToGcj02(lon, lat);
    const dLon = gLon - lonDeg,
      dLat = gLat - latDeg;
    lon -= dLon;
    lat -= dLat;
    if (Math.abs(dLon) < 1e-9 && Math.abs(dLat) < 1e-9) break;
  }
  return [lon, lat];
}
