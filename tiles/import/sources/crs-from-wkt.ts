/**
 * The EPSG code a WKT names for the whole CRS (its last top-level `AUTHORITY["EPSG","n"]` in WKT1, or `ID["EPSG",n]`
 * in WKT2), or undefined (ESRI .prj files usually carry none: the WKT itself is then the CRS).
 */
export function epsgFromWkt(wkt: string): string | undefined {
  const text = wkt.trim();
  // The CRS's own authority is the last one before the final closing bracket, at nesting depth 1.
  let depth = 0;
  let lastTopLevel: string | undefined;
  const re = /(AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]|\[|\]/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '[') depth++;
    else if (m[0] === ']') depth--;
    else if (depth === 1) lastTopLevel = m[2];
  }
  return lastTopLevel ? `EPSG:${lastTopLevel}` : undefined;
}
