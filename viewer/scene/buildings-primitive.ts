import {
  Cartesian3, ColorGeometryInstanceAttribute, GeometryInstance, PerInstanceColorAppearance, PolygonGeometry,
  PolygonHierarchy, Primitive, type Scene,
} from 'cesium';
import type { Building, LonLat } from '../../core/model/index.js';
import { buildingColor } from './building-style.js';

function hierarchy(rings: LonLat[][]): PolygonHierarchy {
  const [outer, ...holes] = rings;
  const toCartesians = (ring: LonLat[]) => Cartesian3.fromDegreesArray(ring.flatMap(([lon, lat]) => [lon, lat]));
  return new PolygonHierarchy(toCartesians(outer ?? []), holes.map((h) => new PolygonHierarchy(toCartesians(h))));
}

/**
 * One Cesium primitive with every building extruded from its base to its roof; each instance's id is the building
 * id, so `scene.pick` leads straight to the API. Replaced by the 3D Tiles buildings tileset once tiles are built.
 */
export function createBuildingsPrimitive(buildings: readonly Building[], groundHeightM = 0): Primitive {
  const instances: GeometryInstance[] = [];
  for (const b of buildings) {
    b.footprint.forEach((polygon, part) => {
      instances.push(new GeometryInstance({
        id: b.id,
        geometry: new PolygonGeometry({
          polygonHierarchy: hierarchy(polygon),
          height: groundHeightM + b.baseHeightM,
          extrudedHeight: groundHeightM + b.roofHeightM,
          vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
        }),
        attributes: { color: ColorGeometryInstanceAttribute.fromColor(buildingColor(b)) },
      }));
      void part;
    });
  }
  return new Primitive({
    geometryInstances: instances,
    appearance: new PerInstanceColorAppearance({ translucent: false, closed: true }),
    asynchronous: true,
  });
}

/** Adds the primitive to the scene and returns a function that removes (and destroys) it. */
export function addPrimitive(scene: Scene, primitive: Primitive): () => void {
  scene.primitives.add(primitive);
  return () => {
    if (!scene.isDestroyed() && scene.primitives.contains(primitive)) scene.primitives.remove(primitive);
  };
}
