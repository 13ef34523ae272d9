import {
  Cartesian3,
  Cesium3DTileset,
  ClippingPolygon,
  ClippingPolygonCollection,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  Primitive,
  PrimitiveCollection,
  WallGeometry,
  type Scene,
} from 'cesium';

type Outline = readonly (readonly (readonly (readonly number[])[])[])[];

/**
 * The hole of a planned dig in the scene: the ground and every tileset (buildings, networks) cut away inside its
 * outline by clipping polygons, and earth-coloured walls from the ground (height 0: the scene's heights are relative
 * to the city's ground) down to the dig's depth, so the pipes inside show at their depths.
 */
export class DigHole {
  private walls: Primitive | null = null;
  private readonly clipped: Cesium3DTileset[] = [];

  constructor(private readonly scene: Scene) {}

  show(outline: Outline, depthM: number): void {
    this.clear();
    const rings = outline
      .map((poly) => poly[0] ?? [])
      .filter((ring) => ring.length >= 4)
      .map((ring) => ring.slice(0, -1).map((p) => Cartesian3.fromDegrees(p[0]!, p[1]!, 0)));
    if (rings.length === 0) return;
    const clipping = () =>
      new ClippingPolygonCollection({ polygons: rings.map((positions) => new ClippingPolygon({ positions })) });
    if (this.scene.globe) this.scene.globe.clippingPolygons = clipping();
    for (const tileset of tilesetsOf(this.scene.primitives)) {
      tileset.clippingPolygons = clipping();
      this.clipped.push(tileset);
    }
    this.walls = this.scene.primitives.add(
      new Primitive({
        geometryInstances: rings.map(
          (positions) =>
            new GeometryInstance({
              geometry: WallGeometry.fromConstantHeights({
                positions: [...positions, positions[0]!],
                minimumHeight: -depthM,
                maximumHeight: 0,
              }),
              attributes: { color: ColorGeometryInstanceAttribute.fromColor(Color.fromCssColorString('#8d6e4a')) },
            }),
        ),
        appearance: new PerInstanceColorAppearance({ translucent: true, closed: false }),
        asynchronous: false,
      }),
    ) as Primitive;
    this.scene.requestRender();
  }

  clear(): void {
    if (this.scene.isDestroyed()) return;
    if (this.scene.globe) this.scene.globe.clippingPolygons = undefined as unknown as ClippingPolygonCollection;
    for (const t of this.clipped.splice(0))
      if (!t.isDestroyed()) t.clippingPolygons = undefined as unknown as ClippingPolygonCollection;
    if (this.walls) this.scene.primitives.remove(this.walls);
    this.walls = null;
    this.scene.requestRender();
  }
}

function tilesetsOf(collection: PrimitiveCollection): Cesium3DTileset[] {
  const out: Cesium3DTileset[] = [];
  for (let i = 0; i < collection.length; i++) {
    const p: unknown = collection.get(i);
    if (p instanceof Cesium3DTileset) out.push(p);
    else if (p instanceof PrimitiveCollection) out.push(...tilesetsOf(p));
  }
  return out;
}
