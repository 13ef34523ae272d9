import type { GeoJsonFeature } from '../geojson-source.js';

/** Where a source's coordinate reference system came from, and what it says. */
export interface CrsInfo {
  /**
   * What to pass on as `--crs`: `EPSG:<code>` when the source names one, else the WKT or proj4 text itself
   * (core/geo's converters accept all three). Undefined when the source says nothing (callers default to WGS84).
   */
  crs?: string;
  /** The CRS text as found (a .prj's WKT, a GeoPackage srs definition, a CityJSON referenceSystem URL). */
  raw?: string;
  /** Where it was found. */
  from: 'geojson-crs-member' | 'shapefile-prj' | 'geopackage-srs' | 'cityjson-metadata' | 'none';
  /** The vertical CRS of a compound one (CityJSON's EPSG:7415 = RD New + NAP height), when named. */
  verticalCrs?: string;
}

/** The formats read into features. */
export type FeatureFormat = 'geojson' | 'cityjson' | 'shapefile' | 'geopackage';

/** What a reader returns: GeoJSON-like features (coordinates still in the source CRS) and the CRS they are in. */
export interface FeatureSource {
  format: FeatureFormat;
  features: GeoJsonFeature[];
  crs: CrsInfo;
  /** The layer read (GeoPackage table, zipped Shapefile name); `layers` lists every one the file holds. */
  layer?: string;
  layers?: string[];
  /** Things the caller should show the user (layer chosen among several, extension disagreeing with content...). */
  warnings: string[];
}

/** A file that is not what was asked for, or is broken: the message says what was expected and what was found. */
export class FeatureReadError extends Error {
  constructor(
    message: string,
    /** What the caller asked for or the name promised, in words. */
    readonly expected?: string,
    /** What the content is, in words. */
    readonly found?: string,
  ) {
    super(message);
    this.name = 'FeatureReadError';
  }
}

/** `EPSG:<code>` from the usual spellings (`urn:ogc:def:crs:EPSG::28992`, `.../def/crs/EPSG/0/7415`, `EPSG:4326`). */
export function epsgFromName(name: string): string | undefined {
  if (/CRS84$/i.test(name)) return 'EPSG:4326';
  const m = /EPSG(?::{1,2}|\/\d+(?:\.\d+)?\/|\/)(\d+)\s*$/i.exec(name.trim()) ?? /^EPSG:(\d+)$/i.exec(name.trim());
  return m ? `EPSG:${m[1]}` : undefined;
}
