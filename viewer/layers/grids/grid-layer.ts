import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  DistanceDisplayCondition,
  GeometryInstance,
  LabelCollection,
  LabelStyle,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineCollection,
  Material,
  Primitive,
  VerticalOrigin,
  HorizontalOrigin,
  type Scene,
} from 'cesium';
import { localName } from '../../state/i18n.js';
import type { Grid, LonLat } from '../../../core/model/index.js';
import { css } from '../instance-colors.js';
import { pickedId, type SceneLayer } from '../scene-layer.js';

/** The grid-cell layer: translucent ground polygons, outlines, labels at street zoom, and a focused cell. */
export interface GridLayer extends SceneLayer {
  setLanguage(language: 'en' | 'zh'): void;
  /** Outlines one cell boldly (go to grid), or none. */
  setFocused(id: string | null): void;
}

/** Labels show only when the camera is this close (m): at city scale 126 names would be noise. */
const LABELS_WITHIN_M = 1600;
const OUTLINE = '#f5c542';
const FOCUS = '#00e5ff';

const ring = (r: LonLat[], heightM: number) =>
  Cartesian3.fromDegreesArrayHeights(r.flatMap(([lon, lat]) => [lon, lat, heightM]));

/** Creates the layer for the grid cells of a city. Cells are flat at ground level (the demo city is flat). */
export function createGridLayer(scene: Scene, cells: readonly Grid[], language: 'en' | 'zh'): GridLayer {
  const fill = scene.primitives.add(
    new Primitive({
      geometryInstances: cells.flatMap((cell, i) =>
        cell.polygon.map(
          (polygon) =>
            new GeometryInstance({
              id: cell.id,
              geometry: new PolygonGeometry({
                polygonHierarchy: new PolygonHierarchy(
                  ring(polygon[0] ?? [], 0),
                  polygon.slice(1).map((h) => new PolygonHierarchy(ring(h, 0))),
                ),
                height: 0.1,
                vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
              }),
              // Alternate two faint tones so neighbouring cells read apart without a legend.
              attributes: { color: ColorGeometryInstanceAttribute.fromColor(css(i % 2 ? '#f5c542' : '#3fa9f5', 0.07)) },
            }),
        ),
      ),
      appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
      asynchronous: true,
    }),
  ) as Primitive;

  // Each polyline gets its own material: a polyline destroys its material with itself, so a shared one would be
  // destroyed by the first removal and throw a DeveloperError on the next (a second focus, or StrictMode's teardown).
  const outlineColor = css(OUTLINE, 0.6),
    focusColor = css(FOCUS);
  const colorMaterial = (color: Color) => Material.fromType('Color', { color });
  const outlines = scene.primitives.add(new PolylineCollection()) as PolylineCollection;
  for (const cell of cells) {
    for (const polygon of cell.polygon) {
      if (polygon[0])
        outlines.add({
          positions: ring(polygon[0], 0.5),
          width: 1.5,
          material: colorMaterial(outlineColor),
          id: cell.id,
        });
    }
  }
  const focus = scene.primitives.add(new PolylineCollection()) as PolylineCollection;

  const labels = scene.primitives.add(new LabelCollection()) as LabelCollection;
  const display = new DistanceDisplayCondition(0, LABELS_WITHIN_M);
  const labelText = (cell: Grid, lang: 'en' | 'zh') => localName(cell, lang) ?? cell.code ?? '';
  const labelOf = new Map(
    cells.map((cell) => [
      cell.id,
      labels.add({
        id: cell.id,
        position: Cartesian3.fromDegrees(cell.labelPosition[0], cell.labelPosition[1], 3),
        text: labelText(cell, language),
        font: '13px "Noto Sans CJK SC", "Liberation Sans", sans-serif',
        fillColor: Color.WHITE,
        outlineColor: Color.BLACK,
        outlineWidth: 3,
        style: LabelStyle.FILL_AND_OUTLINE,
        verticalOrigin: VerticalOrigin.CENTER,
        horizontalOrigin: HorizontalOrigin.CENTER,
        distanceDisplayCondition: display,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      }),
    ]),
  );
  const byId = new Map(cells.map((c) => [c.id, c]));
  let focused: string | null = null;
  const drawFocus = () => {
    focus.removeAll();
    const cell = focused ? byId.get(focused) : undefined;
    if (cell) {
      for (const polygon of cell.polygon) {
        if (polygon[0])
          focus.add({ positions: ring(polygon[0], 1), width: 4, material: colorMaterial(focusColor), id: cell.id });
      }
    }
    scene.requestRender();
  };
  return {
    setVisible(visible) {
      fill.show = visible;
      outlines.show = visible;
      labels.show = visible;
      scene.requestRender();
    },
    identify(picked) {
      // Cell ids are unique among the scene's ids; fill, outline and label picks all lead to the cell.
      const id = pickedId(picked);
      return id && byId.has(id) ? { type: 'grid', id } : null;
    },
    setSelected() {
      // The selected cell is outlined through setFocused (the engine binding merges selection and focus).
    },
    setFocused(id) {
      focused = id;
      drawFocus();
    },
    setLanguage(lang) {
      for (const [id, label] of labelOf) label.text = labelText(byId.get(id)!, lang);
      scene.requestRender();
    },
    destroy() {
      if (scene.isDestroyed()) return;
      for (const p of [fill, outlines, focus, labels]) scene.primitives.remove(p);
    },
  };
}
