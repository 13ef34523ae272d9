/** The parts of shpjs 6 GridTwin calls (the package ships no types; @types/shpjs describes the 3.x API). */
declare module 'shpjs' {
  interface ShpGeometry {
    type: string;
    coordinates: unknown;
    bbox?: number[];
  }
  /** Geometries of a .shp, in file order (null for a null shape); unprojected when `prj` is not given. */
  export function parseShp(shp: ArrayBuffer | ArrayBufferView, prj?: string | false): (ShpGeometry | null)[];
  /** Attribute rows of a .dbf, decoded with the code page named by a .cpg when given. */
  export function parseDbf(dbf: ArrayBuffer | ArrayBufferView, cpg?: string): Record<string, unknown>[];
}
