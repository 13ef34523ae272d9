/** A GeoJSON geometry decoded from WKB. */
export interface WkbGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: WkbGeometry[];
}

const TYPES = [
  '',
  'Point',
  'LineString',
  'Polygon',
  'MultiPoint',
  'MultiLineString',
  'MultiPolygon',
  'GeometryCollection',
];

/**
 * Decodes OGC WKB (2D, ISO Z/M/ZM type codes 1001-3007, and EWKB's Z/M flag bits), the geometry encoding inside
 * GeoPackage blobs. Z is kept as a third coordinate, M dropped. Throws a RangeError on a truncated or unknown blob.
 */
export function decodeWkb(view: DataView, start = 0): { geometry: WkbGeometry; end: number } {
  let o = start;
  const need = (n: number): void => {
    if (o + n > view.byteLength) throw new RangeError(`WKB truncated at byte ${o}`);
  };
  const read = (): WkbGeometry => {
    need(5);
    const le = view.getUint8(o) === 1;
    let code = view.getUint32(o + 1, le);
    o += 5;
    let hasZ = false,
      hasM = false;
    if (code & 0x80000000) hasZ = true;
    if (code & 0x40000000) hasM = true;
    if (code & 0x20000000) {
      need(4);
      o += 4; // EWKB SRID
    }
    code &= 0x0fffffff;
    const dim = Math.floor(code / 1000);
    if (dim === 1 || dim === 3) hasZ = true;
    if (dim === 2 || dim === 3) hasM = true;
    const base = code % 1000;
    const type = TYPES[base];
    if (!type) throw new RangeError(`unknown WKB geometry type ${code}`);
    const nDims = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0);
    const u32 = (): number => {
      need(4);
      const v = view.getUint32(o, le);
      o += 4;
      return v;
    };
    const point = (): number[] => {
      need(8 * nDims);
      const p = [view.getFloat64(o, le), view.getFloat64(o + 8, le)];
      if (hasZ) p.push(view.getFloat64(o + 16, le));
      o += 8 * nDims;
      return p;
    };
    const points = (): number[][] => {
      const n = u32();
      const out: number[][] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = point();
      return out;
    };
    const rings = (): number[][][] => {
      const n = u32();
      const out: number[][][] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = points();
      return out;
    };
    switch (base) {
      case 1: {
        const p = point();
        // An empty point is NaN, NaN.
        return Number.isNaN(p[0]) ? { type, coordinates: [] } : { type, coordinates: p };
      }
      case 2:
        return { type, coordinates: points() };
      case 3:
        return { type, coordinates: rings() };
      default: {
        const n = u32();
        const parts: WkbGeometry[] = [];
        for (let i = 0; i < n; i++) parts.push(read());
        if (base === 7) return { type, geometries: parts };
        return { type, coordinates: parts.map((g) => g.coordinates) };
      }
    }
  };
  const geometry = read();
  return { geometry, end: o };
}

/**
 * Decodes a GeoPackage geometry blob (GPKG spec 2.1.3: "GP", version, flags, srs_id, envelope, WKB); null for an
 * empty geometry. Throws a RangeError for a blob that is not a GeoPackage geometry.
 */
export function decodeGpkgGeometry(blob: Uint8Array): WkbGeometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) {
    throw new RangeError('not a GeoPackage geometry blob (no "GP" magic)');
  }
  const flags = blob[3]!;
  if (flags & 0x10) return null;
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 0x07];
  if (envelope === undefined) throw new RangeError('GeoPackage geometry blob with an invalid envelope code');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  return decodeWkb(view, 8 + envelope).geometry;
}
