import { Cesium3DTileStyle, type Scene } from 'cesium';
import type { CityData } from '../../data/city-data.js';
import { loadTilesetLayer, pickedOf } from '../tileset/tileset-layer.js';
import { HOVER_COLOR, SELECTED_COLOR } from '../../engine/scene-colors.js';
import type { SceneLayer } from '../scene-layer.js';

/**
 * A utility network from its 3D Tiles tileset (`/tiles/<city>/<utility>/tileset.json`): features carry the model id
 * of a link or node, so picks lead to the same inspector as the API-built lines. Colours come from the tiles.
 */
export async function createNetworkTilesLayer(
  scene: Scene,
  url: string,
  data: Pick<CityData, 'linkById' | 'nodeById'>,
): Promise<SceneLayer> {
  const layer = await loadTilesetLayer(scene, url);
  let selected: string | null = null;
  let hovered: string | null = null;
  const known = (id: string | null): id is string => id !== null && (data.linkById.has(id) || data.nodeById.has(id));
  const quote = (id: string) => `'${id.replace(/'/g, "\\'")}'`;
  // The tiles carry the utility colours; `white` keeps them (a style colour multiplies the feature's).
  const restyle = () => {
    const conditions: [string, string][] = [];
    if (known(selected)) conditions.push([`\${id} === ${quote(selected)}`, `color('${SELECTED_COLOR}')`]);
    if (known(hovered)) conditions.push([`\${id} === ${quote(hovered)}`, `color('${HOVER_COLOR}')`]);
    layer.tileset.style = conditions.length
      ? new Cesium3DTileStyle({ color: { conditions: [...conditions, ['true', 'color("white")']] } })
      : (undefined as unknown as Cesium3DTileStyle);
    scene.requestRender();
  };
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
      selected = id;
      restyle();
    },
    setHovered(id) {
      if (id === hovered) return;
      hovered = id;
      restyle();
    },
    destroy: () => layer.destroy(),
  };
}
