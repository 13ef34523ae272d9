import { Cesium3DTileStyle, type Scene } from 'cesium';
import type { CityData } from '../../data/city-data.js';
import { loadTilesetLayer, pickedOf } from '../../scene/tileset-layer.js';
import { SELECTED_COLOR } from '../scene-colors.js';
import type { SceneLayer } from './scene-layer.js';

/**
 * A utility network from its 3D Tiles tileset (`/tiles/<city>/<utility>/tileset.json`): features carry the model id
 * of a link or node, so picks lead to the same inspector as the API-built lines. Colours come from the tiles.
 */
export async function createNetworkTilesLayer(scene: Scene, url: string, data: Pick<CityData, 'linkById' | 'nodeById'>): Promise<SceneLayer> {
  const layer = await loadTilesetLayer(scene, url);
  return {
    setVisible: (visible) => layer.setVisible(visible),
    identify(picked) {
      const id = pickedOf(picked, layer.tileset)?.id;
      if (!id) return null;
      if (data.linkById.has(id)) return { type: 'link', id };
      if (data.nodeById.has(id)) return { type: 'node', id };
      return null;
    },
    setSelected(id) {
      const known = id && (data.linkById.has(id) || data.nodeById.has(id));
      layer.tileset.style = known
        ? new Cesium3DTileStyle({ color: { conditions: [[`\${id} === '${id.replace(/'/g, "\\'")}'`, `color('${SELECTED_COLOR}')`], ['true', 'color("white")']] } })
        : undefined as unknown as Cesium3DTileStyle;
      scene.requestRender();
    },
    destroy: () => layer.destroy(),
  };
}
