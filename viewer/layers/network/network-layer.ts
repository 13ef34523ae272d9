import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  DistanceDisplayCondition,
  GeometryInstance,
  NearFarScalar,
  PointPrimitiveCollection,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  type Scene,
} from 'cesium';
import type { NetworkLink, NetworkNode, NodeKind, Utility } from '../../../core/model/index.js';
import { HOVER_COLOR, SELECTED_COLOR, UTILITY_COLORS } from '../../engine/scene-colors.js';
import { css, InstanceColors } from '../instance-colors.js';
import { linkCentreline, linkWidthPx } from './network-geometry.js';
import { pickedId, pickedPrimitive, type SceneLayer } from '../scene-layer.js';

/** Node kinds drawn as points: what a crew looks for (manholes, valves, hydrants, chambers, plant). */
const SHOWN_NODE_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>([
  'manhole',
  'valve',
  'hydrant',
  'pump',
  'tank',
  'reservoir',
  'outfall',
  'regulator',
  'inlet',
  'chamber',
  'substation',
  'cabinet',
]);

/** Point size (px) of a node kind: plant larger than manholes. */
function nodeSizePx(kind: NodeKind): number {
  if (kind === 'pump' || kind === 'substation' || kind === 'reservoir' || kind === 'tank' || kind === 'outfall')
    return 11;
  if (kind === 'valve' || kind === 'regulator') return 7;
  return 6;
}

/** Nodes are points only within this camera distance (m); further away they would be clutter. */
const NODE_VISIBLE_WITHIN_M = 2500;

/**
 * One utility network drawn at its real depth: links as polylines (one Primitive, instance id = link id, width by
 * diameter) and manholes/valves/plant as points. Below an opaque ground the depth test hides (and so stops the
 * picking of) all of it; underground mode's translucent ground reveals it.
 */
export function createNetworkLayer(
  scene: Scene,
  utility: Utility,
  links: readonly NetworkLink[],
  nodes: readonly NetworkNode[],
  groundElevationM: number,
): SceneLayer {
  const color = css(UTILITY_COLORS[utility]);
  const instances = links.map(
    (link) =>
      new GeometryInstance({
        id: link.id,
        geometry: new PolylineGeometry({
          positions: Cartesian3.fromDegreesArrayHeights(linkCentreline(link, groundElevationM)),
          width: linkWidthPx(link.diameterMm),
          vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
        }),
        attributes: { color: ColorGeometryInstanceAttribute.fromColor(color) },
      }),
  );
  const primitive = scene.primitives.add(
    new Primitive({
      geometryInstances: instances,
      appearance: new PolylineColorAppearance({ translucent: false }),
      asynchronous: true,
      releaseGeometryInstances: true,
    }),
  ) as Primitive;
  const colors = new InstanceColors(scene, primitive);

  const points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
  const nodeColor = color.brighten(0.35, new Color());
  const valveColor = Color.WHITE.clone();
  const display = new DistanceDisplayCondition(0, NODE_VISIBLE_WITHIN_M);
  const scale = new NearFarScalar(150, 1.4, NODE_VISIBLE_WITHIN_M, 0.6);
  const pointsById = new Map<string, ReturnType<PointPrimitiveCollection['add']>>();
  for (const node of nodes) {
    if (!SHOWN_NODE_KINDS.has(node.kind)) continue;
    const point = points.add({
      id: node.id,
      position: Cartesian3.fromDegrees(node.position[0], node.position[1], node.invertM - groundElevationM + 0.2),
      pixelSize: nodeSizePx(node.kind),
      color: node.kind === 'valve' ? valveColor : nodeColor,
      outlineColor: color,
      outlineWidth: node.kind === 'valve' ? 2 : 1,
      distanceDisplayCondition: display,
      scaleByDistance: scale,
    });
    pointsById.set(node.id, point);
  }
  const nodeIds = new Set(nodes.map((n) => n.id));
  const linkIds = new Set(links.map((l) => l.id));
  let selectedLink: string | null = null;
  let selectedPoint: { id: string; color: Color; size: number } | null = null;
  let hovered: { id: string; color: Color } | null = null;
  const unhover = () => {
    if (!hovered) return;
    const point = pointsById.get(hovered.id);
    if (point && selectedPoint?.id !== hovered.id) point.color = hovered.color;
    else if (linkIds.has(hovered.id) && selectedLink !== hovered.id) colors.set(hovered.id, color);
    hovered = null;
  };

  return {
    setVisible(visible) {
      primitive.show = visible;
      points.show = visible;
      scene.requestRender();
    },
    identify(picked) {
      const id = pickedId(picked);
      if (!id) return null;
      const owner = pickedPrimitive(picked);
      if (owner === primitive) return { type: 'link', id };
      if (nodeIds.has(id) && pointsById.get(id) === owner) return { type: 'node', id };
      return null;
    },
    setSelected(id) {
      if (selectedLink && selectedLink !== id) colors.set(selectedLink, color);
      selectedLink = null;
      if (selectedPoint && selectedPoint.id !== id) {
        const p = pointsById.get(selectedPoint.id);
        if (p) {
          p.color = selectedPoint.color;
          p.pixelSize = selectedPoint.size;
        }
        selectedPoint = null;
      }
      if (!id) return;
      const point = pointsById.get(id);
      if (point) {
        if (!selectedPoint) selectedPoint = { id, color: point.color.clone(), size: point.pixelSize };
        point.color = css(SELECTED_COLOR);
        point.pixelSize = selectedPoint.size + 5;
      } else if (linkIds.has(id)) {
        selectedLink = id;
        colors.set(id, css(SELECTED_COLOR));
      }
      scene.requestRender();
    },
    setHovered(id) {
      if (hovered?.id === id) return;
      unhover();
      // The selected element keeps its selection colour.
      if (!id || id === selectedLink || id === selectedPoint?.id) return scene.requestRender();
      const point = pointsById.get(id);
      if (point) {
        hovered = { id, color: point.color.clone() };
        point.color = css(HOVER_COLOR);
      } else if (linkIds.has(id)) {
        hovered = { id, color };
        colors.set(id, css(HOVER_COLOR));
      }
      scene.requestRender();
    },
    destroy() {
      colors.destroy();
      if (scene.isDestroyed()) return;
      scene.primitives.remove(primitive);
      scene.primitives.remove(points);
    },
  };
}
