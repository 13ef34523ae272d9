import { useEffect } from 'react';
import { useCesium } from 'resium';
import { Cartesian3, Math as CesiumMath, ScreenSpaceEventHandler, ScreenSpaceEventType, defined } from 'cesium';
import type { Building, Grid } from '../../core/model/index.js';
import type { CityInfo } from '../api/api-client.js';
import { GROUND_COLOR } from '../engine/offline-viewer.js';
import { addPrimitive, createBuildingsPrimitive } from './buildings-primitive.js';
import { createGridOutlines } from './grid-outlines.js';

export interface CitySceneProps {
  city: CityInfo;
  buildings: readonly Building[];
  cells: readonly Grid[];
  /** Called with the picked feature id, or null when the click hit nothing. */
  onPick: (id: string | null) => void;
}

/** Sets up the scene for a city: ground, camera, buildings, grid outlines and picking. Lives inside <Viewer>. */
export function CityScene({ city, buildings, cells, onPick }: CitySceneProps) {
  const { viewer } = useCesium();

  useEffect(() => {
    if (!viewer) return;
    const { scene } = viewer;
    scene.globe.baseColor = GROUND_COLOR;
    scene.globe.showGroundAtmosphere = false;
    scene.fog.enabled = false;
    viewer.camera.setView({
      destination: Cartesian3.fromDegrees(city.center[0], city.center[1] - 0.028, 2600),
      orientation: { heading: 0, pitch: CesiumMath.toRadians(-38), roll: 0 },
    });
    scene.requestRender();
  }, [viewer, city]);

  useEffect(() => {
    if (!viewer || buildings.length === 0) return;
    const remove = addPrimitive(viewer.scene, createBuildingsPrimitive(buildings));
    viewer.scene.requestRender();
    return remove;
  }, [viewer, buildings]);

  useEffect(() => {
    if (!viewer || cells.length === 0) return;
    const outlines = viewer.scene.primitives.add(createGridOutlines(cells));
    viewer.scene.requestRender();
    return () => {
      if (!viewer.isDestroyed()) viewer.scene.primitives.remove(outlines);
    };
  }, [viewer, cells]);

  useEffect(() => {
    if (!viewer) return;
    const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
    handler.setInputAction((click: ScreenSpaceEventHandler.PositionedEvent) => {
      const picked: unknown = viewer.scene.pick(click.position);
      const id = defined(picked) && typeof (picked as { id?: unknown }).id === 'string' ? (picked as { id: string }).id : null;
      onPick(id);
    }, ScreenSpaceEventType.LEFT_CLICK);
    return () => handler.destroy();
  }, [viewer, onPick]);

  return null;
}
