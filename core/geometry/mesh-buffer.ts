/**
 * A growable triangle mesh laid out the way a glTF primitive wants it, so a tile writer copies the arrays as they are:
 * - `positions`: float32 xyz **in glTF's y-up frame** (x = east, y = up, z = -north), relative to `origin`;
 * - `normals`: int8 normalised xyz plus one padding byte (stride 4, KHR_mesh_quantization), y-up as well;
 * - `featureIds`: one float per vertex (EXT_mesh_features attribute), the feature's row in the property table;
 * - `colors`: RGBA bytes per vertex (only when created with colours);
 * - `indices`: uint32 triangle list (a writer narrows it to uint16 when the vertex count allows).
 *
 * Callers pass local east-north-up metres (float64); the buffer subtracts the origin before narrowing to float32, so
 * vertices stay exact to well under a millimetre however far the tile sits from the city centre. It also keeps the
 * ENU bounds of what it holds (absolute, origin added back), which is what a tile's bounding volume needs.
 */
export class MeshBuffer {
  positions: Float32Array;
  normals: Int8Array;
  featureIds: Float32Array;
  colors: Uint8Array | null;
  indices: Uint32Array;
  vertexCount = 0;
  indexCount = 0;
  /** ENU origin (east, north, up) the positions are relative to. */
  readonly origin: [number, number, number] = [0, 0, 0];
  /** Bounds of the vertices in absolute ENU metres: [minE, minN, minU, maxE, maxN, maxU]. */
  readonly bounds: [number, number, number, number, number, number] = [
    Infinity,
    Infinity,
    Infinity,
    -Infinity,
    -Infinity,
    -Infinity,
  ];
  private readonly color: [number, number, number, number] = [255, 255, 255, 255];

  constructor(withColors = false, initialVertices = 4096) {
    const v = Math.max(16, initialVertices);
    this.positions = new Float32Array(v * 3);
    this.normals = new Int8Array(v * 4);
    this.featureIds = new Float32Array(v);
    this.colors = withColors ? new Uint8Array(v * 4) : null;
    this.indices = new Uint32Array(v * 2);
  }

  /** Empties the mesh (keeping its memory) and sets the ENU origin of the next tile. */
  reset(originEast = 0, originNorth = 0, originUp = 0): void {
    this.vertexCount = 0;
    this.indexCount = 0;
    this.origin[0] = originEast;
    this.origin[1] = originNorth;
    this.origin[2] = originUp;
    this.bounds.fill(Infinity, 0, 3);
    this.bounds.fill(-Infinity, 3, 6);
  }

  /** Colour (0-255 RGBA) of the vertices added from now on; ignored without a colour attribute. */
  setColor(r: number, g: number, b: number, a = 255): void {
    this.color[0] = r;
    this.color[1] = g;
    this.color[2] = b;
    this.color[3] = a;
  }

  /** Makes room for `vertices` more vertices and `indices` more indices. */
  reserve(vertices: number, indices: number): void {
    const needV = this.vertexCount + vertices;
    if (needV > this.featureIds.length) {
      const cap = Math.max(needV, this.featureIds.length * 2);
      this.positions = grow(this.positions, cap * 3);
      this.normals = grow(this.normals, cap * 4);
      this.featureIds = grow(this.featureIds, cap);
      if (this.colors) this.colors = grow(this.colors, cap * 4);
    }
    const needI = this.indexCount + indices;
    if (needI > this.indices.length) this.indices = grow(this.indices, Math.max(needI, this.indices.length * 2));
  }

  /**
   * Adds a vertex at ENU `(east, north, up)` with the unit normal `(ne, nn, nu)` (ENU too) and returns its index.
   * Call `reserve` first for the vertices of a shape.
   */
  addVertex(east: number, north: number, up: number, ne: number, nn: number, nu: number, featureId: number): number {
    const i = this.vertexCount++;
    if (i >= this.featureIds.length) this.reserve(1, 0);
    const x = east - this.origin[0],
      y = up - this.origin[2],
      z = -(north - this.origin[1]);
    const p = i * 3;
    this.positions[p] = x;
    this.positions[p + 1] = y;
    this.positions[p + 2] = z;
    const n = i * 4;
    this.normals[n] = Math.round(ne * 127);
    this.normals[n + 1] = Math.round(nu * 127);
    this.normals[n + 2] = Math.round(-nn * 127);
    this.featureIds[i] = featureId;
    if (this.colors) {
      this.colors[n] = this.color[0];
      this.colors[n + 1] = this.color[1];
      this.colors[n + 2] = this.color[2];
      this.colors[n + 3] = this.color[3];
    }
    const b = this.bounds;
    if (east < b[0]) b[0] = east;
    if (north < b[1]) b[1] = north;
    if (up < b[2]) b[2] = up;
    if (east > b[3]) b[3] = east;
    if (north > b[4]) b[4] = north;
    if (up > b[5]) b[5] = up;
    return i;
  }

  /** Adds a triangle, counter-clockwise seen from outside (the side its normals face). */
  addTriangle(a: number, b: number, c: number): void {
    if (this.indexCount + 3 > this.indices.length) this.reserve(0, 3);
    const k = this.indexCount;
    this.indices[k] = a;
    this.indices[k + 1] = b;
    this.indices[k + 2] = c;
    this.indexCount = k + 3;
  }

  /** True when nothing was added since the last reset. */
  isEmpty(): boolean {
    return this.indexCount === 0;
  }
}

function grow<T extends Float32Array | Int8Array | Uint8Array | Uint32Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}
