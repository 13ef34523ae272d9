import {
  Cartesian3,
  Cesium3DTileFeature,
  Cesium3DTileset,
  Matrix4,
  Transforms,
  type Cartesian2,
  type Scene,
} from 'cesium';

/** Options of {@link loadTilesetLayer}. */
export interface TilesetLayerOptions {
  /**
   * Where to put a tileset authored in a local frame (no root transform, content around the Earth's centre, as many
   * samples are): `[lonDeg, latDeg, heightM]`. Ignored for tilesets already placed on the globe (GridTwin's own).
   */
  placeLocalAt?: readonly [number, number, number?];
  /** Cesium's screen-space error budget, px. @default 16 */
  maximumScreenSpaceError?: number;
  /** @default true */
  show?: boolean;
}

/** What a pick on a tileset found. */
export interface PickedTileFeature {
  /** The model id: EXT_structural_metadata property `id` (GridTwin tiles), or null when the content has none. */
  id: string | null;
  /** The feature's row in its tile, or -1 for content without features. */
  featureId: number;
  /** All properties of the picked feature (empty for content without features). */
  properties: Record<string, unknown>;
}

/** A tileset in a scene, behind the narrow interface the viewer needs. */
export interface TilesetLayer {
  readonly tileset: Cesium3DTileset;
  /** Picks at a window position; null when nothing of this tileset is there. */
  pick(windowPosition: Cartesian2): PickedTileFeature | null;
  setVisible(visible: boolean): void;
  /** Removes the tileset from the scene and frees it. */
  destroy(): void;
}

/** A tileset whose bounding sphere centre is this close to the Earth's centre was authored in a local frame. */
const LOCAL_FRAME_RADIUS_M = 1e5;

/**
 * Loads a 3D Tiles tileset (1.0 or 1.1: b3dm, i3dm, pnts, glTF/GLB, implicit tiling, metadata) from `url` into
 * `scene`; picking answers the feature's model id, read from its `id` property, so a click leads to the API.
 *
 * @example
 * const buildings = await loadTilesetLayer(viewer.scene, '/tiles/shanghai-lujiazui/buildings/tileset.json');
 * const hit = buildings.pick(click.position); // { id: 'b-...', featureId: 12, properties: {...} }
 */
export async function loadTilesetLayer(
  scene: Scene,
  url: string,
  options: TilesetLayerOptions = {},
): Promise<TilesetLayer> {
  const tileset = await Cesium3DTileset.fromUrl(url, {
    maximumScreenSpaceError: options.maximumScreenSpaceError ?? 16,
  });
  if (options.placeLocalAt && Cartesian3.magnitude(tileset.boundingSphere.center) < LOCAL_FRAME_RADIUS_M) {
    const [lon, lat, height] = options.placeLocalAt;
    tileset.modelMatrix = Matrix4.multiply(
      Transforms.eastNorthUpToFixedFrame(Cartesian3.fromDegrees(lon, lat, height ?? 0)),
      tileset.modelMatrix,
      new Matrix4(),
    );
  }
  tileset.show = options.show ?? true;
  // The scene may have been destroyed while the tileset loaded (StrictMode's first Viewer): don't touch it.
  if (scene.isDestroyed()) {
    tileset.destroy();
    throw new Error('the scene was destroyed while the tileset loaded');
  }
  scene.primitives.add(tileset);
  scene.requestRender();
  return {
    tileset,
    pick(windowPosition: Cartesian2): PickedTileFeature | null {
      if (!tileset.show) return null;
      return pickedOf(scene.pick(windowPosition) as unknown, tileset);
    },
    setVisible(visible: boolean): void {
      tileset.show = visible;
      scene.requestRender();
    },
    destroy(): void {
      if (!scene.isDestroyed() && scene.primitives.contains(tileset)) scene.primitives.remove(tileset);
    },
  };
}

/** Turns what `scene.pick` returned into a feature of `tileset`, or null when it belongs to something else. */
export function pickedOf(picked: unknown, tileset: Cesium3DTileset): PickedTileFeature | null {
  if (picked instanceof Cesium3DTileFeature) {
    if (picked.tileset !== tileset) return null;
    const properties: Record<string, unknown> = {};
    for (const name of picked.getPropertyIds()) properties[name] = picked.getProperty(name);
    const id = properties.id;
    return { id: typeof id === 'string' && id !== '' ? id : null, featureId: picked.featureId, properties };
  }
  // Content without features (plain glTF, points) picks as the tileset itself.
  const primitive = (picked as { primitive?: unknown } | undefined)?.primitive;
  if (primitive === tileset) return { id: null, featureId: -1, properties: {} };
  return null;
}
