import {
  Cartesian3,
  Cesium3DTileStyle,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  Primitive,
  type Color,
  type Scene,
  ColorGeometryInstanceAttribute,
} from 'cesium';
import type { Building, LonLat } from '../../../core/model/index.js';
import { loadTilesetLayer, pickedOf, type TilesetLayer } from '../tileset/tileset-layer.js';
import { BUILDING_USE_COLORS, HEIGHT_BANDS, HOVER_COLOR, SELECTED_COLOR } from '../../engine/scene-colors.js';
import { css, InstanceColors } from '../instance-colors.js';
import { pickedId, pickedPrimitive, type SceneLayer } from '../scene-layer.js';

/** How buildings are coloured. */
export type BuildingStyle = 'height' | 'use';

/** The buildings layer: API-built extrusions or the buildings tileset, behind one interface. */
export interface BuildingsLayer extends SceneLayer {
  setStyle(style: BuildingStyle): void;
  setHovered(id: string | null): void;
  /**
   * Ghosts the buildings (drawn translucent at `alpha`, 0-1) so that what lies beneath shows through them in
   * underground mode; null draws them opaque again.
   */
  setGhosted(alpha: number | null): void;
  readonly source: 'api' | 'tiles';
}

/** CSS colour of a building in a style. */
export function buildingCss(building: Pick<Building, 'roofHeightM' | 'use'>, style: BuildingStyle): string {
  if (style === 'use') return BUILDING_USE_COLORS[building.use] ?? BUILDING_USE_COLORS.unknown;
  return (HEIGHT_BANDS.find(([max]) => building.roofHeightM <= max) ?? HEIGHT_BANDS[HEIGHT_BANDS.length - 1]!)[1];
}

function hierarchy(rings: LonLat[][]): PolygonHierarchy {
  const [outer, ...holes] = rings;
  const toCartesians = (ring: LonLat[]) => Cartesian3.fromDegreesArray(ring.flatMap(([lon, lat]) => [lon, lat]));
  return new PolygonHierarchy(
    toCartesians(outer ?? []),
    holes.map((h) => new PolygonHierarchy(toCartesians(h))),
  );
}

/**
 * Buildings as one Primitive of extruded footprints (instance id = building id), recoloured per instance for
 * style, hover and selection. Heights are above local ground, which is the ellipsoid surface in the scene.
 */
export function createBuildingsPrimitiveLayer(
  scene: Scene,
  buildings: readonly Building[],
  style: BuildingStyle,
): BuildingsLayer {
  const instances: GeometryInstance[] = [];
  for (const b of buildings) {
    for (const polygon of b.footprint) {
      instances.push(
        new GeometryInstance({
          id: b.id,
          geometry: new PolygonGeometry({
            polygonHierarchy: hierarchy(polygon),
            height: b.baseHeightM,
            extrudedHeight: b.roofHeightM,
            vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
          }),
          attributes: { color: ColorGeometryInstanceAttribute.fromColor(css(buildingCss(b, style))) },
        }),
      );
    }
  }
  const primitive = scene.primitives.add(
    new Primitive({
      geometryInstances: instances,
      appearance: new PerInstanceColorAppearance({ translucent: false, closed: true }),
      asynchronous: true,
      releaseGeometryInstances: true,
    }),
  ) as Primitive;
  const colors = new InstanceColors(scene, primitive);
  const byId = new Map(buildings.map((b) => [b.id, b]));
  let currentStyle = style;
  let hovered: string | null = null;
  let selected: string | null = null;
  let ghost: number | null = null;
  const colorOf = (id: string): Color => {
    const alpha = ghost === null ? 1 : id === selected || id === hovered ? Math.min(1, ghost * 2) : ghost;
    if (id === selected) return css(SELECTED_COLOR).withAlpha(alpha);
    if (id === hovered) return css(HOVER_COLOR).withAlpha(alpha);
    const b = byId.get(id);
    return css(b ? buildingCss(b, currentStyle) : '#cccccc').withAlpha(alpha);
  };
  const refresh = (id: string | null) => {
    if (id) colors.set(id, colorOf(id));
  };
  return {
    source: 'api',
    setVisible(visible) {
      primitive.show = visible;
      scene.requestRender();
    },
    identify(picked) {
      const id = pickedId(picked);
      return pickedPrimitive(picked) === primitive && id ? { type: 'building', id } : null;
    },
    setSelected(id) {
      const previous = selected;
      selected = id;
      refresh(previous);
      refresh(id);
    },
    setHovered(id) {
      if (id === hovered) return;
      const previous = hovered;
      hovered = id;
      refresh(previous);
      refresh(id);
    },
    setStyle(next) {
      if (next === currentStyle) return;
      currentStyle = next;
      for (const id of byId.keys()) colors.set(id, colorOf(id));
    },
    setGhosted(alpha) {
      if (alpha === ghost) return;
      ghost = alpha;
      // Translucent colours blend only with a translucent appearance (Cesium rebuilds the shader on the swap).
      primitive.appearance = new PerInstanceColorAppearance({ translucent: alpha !== null, closed: true });
      for (const id of byId.keys()) colors.set(id, colorOf(id));
    },
    destroy() {
      colors.destroy();
      if (!scene.isDestroyed() && scene.primitives.contains(primitive)) scene.primitives.remove(primitive);
    },
  };
}

/** A Cesium 3D Tiles style expression colouring by height bands or by use, with hover and selection on top. */
function tilesetStyle(
  style: BuildingStyle,
  hovered: string | null,
  selected: string | null,
  ghost: number | null = null,
): Cesium3DTileStyle {
  const conditions: [string, string][] = [];
  const quote = (s: string) => `'${s.replace(/'/g, "\\'")}'`;
  // Ghosted (underground mode): every colour at the ghost alpha; the selected building stays a little stronger.
  const c = (css: string, strong = false) =>
    ghost === null ? `color('${css}')` : `color('${css}', ${strong ? Math.min(1, ghost * 2) : ghost})`;
  if (selected) conditions.push([`\${id} === ${quote(selected)}`, c(SELECTED_COLOR, true)]);
  if (hovered) conditions.push([`\${id} === ${quote(hovered)}`, c(HOVER_COLOR, true)]);
  if (style === 'use') {
    for (const [use, color] of Object.entries(BUILDING_USE_COLORS)) conditions.push([`\${use} === '${use}'`, c(color)]);
  } else {
    for (const [max, color] of HEIGHT_BANDS) {
      conditions.push([Number.isFinite(max) ? `\${heightM} <= ${max}` : 'true', c(color)]);
    }
  }
  conditions.push(['true', c(BUILDING_USE_COLORS.unknown)]);
  return new Cesium3DTileStyle({ color: { conditions } });
}

/** Buildings from the buildings tileset (`/tiles/<city>/buildings/tileset.json`), styled by expressions. */
export async function createBuildingsTilesLayer(
  scene: Scene,
  url: string,
  style: BuildingStyle,
): Promise<BuildingsLayer> {
  const layer: TilesetLayer = await loadTilesetLayer(scene, url);
  let currentStyle = style;
  let hovered: string | null = null;
  let selected: string | null = null;
  let ghost: number | null = null;
  const restyle = () => {
    layer.tileset.style = tilesetStyle(currentStyle, hovered, selected, ghost);
    scene.requestRender();
  };
  restyle();
  return {
    source: 'tiles',
    setVisible: (visible) => layer.setVisible(visible),
    identify(picked) {
      const hit = pickedOf(picked, layer.tileset);
      return hit?.id ? { type: 'building', id: hit.id } : null;
    },
    setSelected(id) {
      selected = id;
      restyle();
    },
    setHovered(id) {
      if (id !== hovered) {
        hovered = id;
        restyle();
      }
    },
    setStyle(next) {
      currentStyle = next;
      restyle();
    },
    setGhosted(alpha) {
      if (alpha === ghost) return;
      ghost = alpha;
      restyle();
    },
    destroy: () => layer.destroy(),
  };
}
