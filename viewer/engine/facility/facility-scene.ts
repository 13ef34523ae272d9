import {
  AmbientLight,
  BoxGeometry,
  CylinderGeometry,
  DirectionalLight,
  DoubleSide,
  Group,
  Mesh,
  MeshStandardMaterial,
  PerspectiveCamera,
  Scene,
  WebGLRenderer,
  Color,
  GridHelper,
} from 'three';
import { createGauge, createLabel, readingColor, type FacilityReading } from './facility-readout.js';

export type { FacilityReading } from './facility-readout.js';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

/** A pipe entering or leaving a chamber. */
export interface FacilityPipe {
  /** Direction of the pipe from the chamber, radians clockwise from north. */
  azimuthRad: number;
  diameterM: number;
  /** Height of the pipe's invert above the chamber floor (m). */
  invertAboveFloorM: number;
  direction: 'in' | 'out';
}

/** What the facility view draws: a chamber of `depthM` below ground with its pipes and the liquid level. */
export interface FacilitySpec {
  depthM: number;
  /** Inside diameter of the shaft (m). */
  shaftDiameterM: number;
  color: string;
  pipes: FacilityPipe[];
  /** Liquid level above the floor (m), or null when there is no level sensor. */
  levelM: number | null;
}

/** What the view shows now (tests read it to check that a reading moved the water, not a re-created scene). */
export interface FacilityViewState {
  /** Serial number of this view: a new one means the scene was re-created. */
  sceneId: number;
  /** The liquid level drawn, m above the floor, or null when none is drawn. */
  levelM: number | null;
  /** Height of the water surface mesh in the scene, m (0 = ground, negative below), or null when hidden. */
  surfaceY: number | null;
  /** The value the gauge shows, or null when there is no gauge or no value. */
  gaugeValue: number | null;
  renders: number;
}

/** The running three.js view. */
export interface FacilityView {
  setLevel(levelM: number | null): void;
  /**
   * Shows a live reading: a level moves the water surface (and its label), a pressure turns the gauge's needle.
   * Nothing is re-created: meshes move and the readout's canvas texture is redrawn.
   */
  setReading(reading: FacilityReading | null): void;
  state(): FacilityViewState;
  destroy(): void;
}

let nextSceneId = 1;

/**
 * A three.js cutaway of a manhole, valve chamber or pump well: the ground as a cut block, the shaft open on the
 * viewer's side, pipes in (darker) and out, and the liquid level as a translucent disc. Renders on demand.
 */
export function createFacilityView(canvas: HTMLCanvasElement, spec: FacilitySpec): FacilityView {
  const renderer = new WebGLRenderer({ canvas, antialias: true, alpha: true });
  renderer.setPixelRatio(1);
  renderer.setSize(canvas.clientWidth, canvas.clientHeight, false);
  const scene = new Scene();
  scene.background = new Color('#0e151d');
  const camera = new PerspectiveCamera(40, canvas.clientWidth / Math.max(1, canvas.clientHeight), 0.1, 200);
  const d = spec.depthM;
  // Close enough that the shaft and its water fill the view; the orbit controls zoom out to the whole block.
  camera.position.set(d * 0.75 + 2.2, d * 0.15 + 0.8, d * 0.95 + 2.6);
  scene.add(new AmbientLight(0xffffff, 0.6));
  const sun = new DirectionalLight(0xffffff, 1.6);
  sun.position.set(5, 10, 7);
  scene.add(sun);

  // Ground: two blocks around the shaft leave a cut face toward the camera, like a section drawing.
  const soil = new MeshStandardMaterial({ color: '#6b5433', transparent: true, opacity: 0.35, side: DoubleSide });
  const size = Math.max(6, d * 2.5);
  const back = new Mesh(new BoxGeometry(size, d + 0.6, size / 2), soil);
  back.position.set(0, -(d + 0.6) / 2, -size / 4);
  scene.add(back);
  const pavement = new Mesh(
    new BoxGeometry(size, 0.2, size),
    new MeshStandardMaterial({ color: '#5a6470', transparent: true, opacity: 0.5 }),
  );
  pavement.position.y = -0.1;
  scene.add(pavement);
  const grid = new GridHelper(size, 10, 0x3a4b5c, 0x2a3846);
  grid.position.y = 0.01;
  scene.add(grid);

  // Shaft: an open cylinder with a quarter cut away so the inside shows.
  const r = spec.shaftDiameterM / 2;
  const shaft = new Mesh(
    new CylinderGeometry(r, r, d, 32, 1, true, Math.PI * 0.25, Math.PI * 1.5),
    new MeshStandardMaterial({ color: '#9aa4ae', side: DoubleSide, roughness: 0.9 }),
  );
  shaft.position.y = -d / 2;
  scene.add(shaft);
  const floor = new Mesh(new CylinderGeometry(r, r, 0.15, 32), new MeshStandardMaterial({ color: '#70777e' }));
  floor.position.y = -d - 0.075;
  scene.add(floor);

  const pipes = new Group();
  for (const p of spec.pipes) {
    const length = size / 2;
    const pr = Math.max(0.05, p.diameterM / 2);
    const mesh = new Mesh(
      new CylinderGeometry(pr, pr, length, 20),
      new MeshStandardMaterial({
        color: new Color(spec.color).multiplyScalar(p.direction === 'in' ? 0.7 : 1.1),
      }),
    );
    mesh.rotation.z = Math.PI / 2;
    const holder = new Group();
    holder.add(mesh);
    mesh.position.x = length / 2 + r * 0.9;
    holder.rotation.y = -p.azimuthRad + Math.PI / 2;
    holder.position.y = -d + p.invertAboveFloorM + pr;
    pipes.add(holder);
  }
  scene.add(pipes);

  // The liquid: a translucent column from the floor (scaled to the level) under a brighter surface disc.
  const column = new Mesh(
    new CylinderGeometry(r * 0.97, r * 0.97, 1, 32, 1, true, Math.PI * 0.25, Math.PI * 1.5),
    new MeshStandardMaterial({
      color: '#1f6fb2',
      transparent: true,
      opacity: 0.35,
      side: DoubleSide,
      depthWrite: false,
    }),
  );
  scene.add(column);
  const water = new Mesh(
    new CylinderGeometry(r * 0.98, r * 0.98, 0.04, 32),
    new MeshStandardMaterial({ color: '#3fa9f5', transparent: true, opacity: 0.8, emissive: '#0b3d66' }),
  );
  scene.add(water);
  const levelLabel = createLabel();
  levelLabel.sprite.position.set(r + 1.1, 0, r * 0.6);
  scene.add(levelLabel.sprite);
  const gauge = createGauge();
  // Above the chamber, on the camera's side: a pressure gauge as mounted on a valve or pump.
  gauge.sprite.position.set(0, Math.max(1.2, d * 0.25), r + 0.3);
  gauge.sprite.visible = false;
  scene.add(gauge.sprite);

  const controls = new OrbitControls(camera, canvas);
  controls.target.set(0, -d / 2, 0);
  controls.update();
  const sceneId = nextSceneId++;
  let renders = 0;
  let levelM: number | null = null;
  let gaugeValue: number | null = null;
  const render = () => {
    renderer.render(scene, camera);
    renders++;
    // Mirrored on the canvas so a test (or a curious user) can read what is drawn without reaching into three.js.
    Object.assign(canvas.dataset, {
      sceneId: String(sceneId),
      renders: String(renders),
      levelM: levelM === null ? '' : levelM.toFixed(3),
      surfaceY: water.visible ? water.position.y.toFixed(3) : '',
      gauge: gaugeValue === null ? '' : String(gaugeValue),
    });
  };
  controls.addEventListener('change', render);

  const placeLevel = (level: number | null, color?: string) => {
    levelM = level === null ? null : Math.max(0, Math.min(d, level));
    water.visible = levelM !== null;
    column.visible = levelM !== null && levelM > 0.03;
    levelLabel.sprite.visible = levelM !== null;
    if (levelM === null) return;
    const y = -d + Math.max(0.02, levelM);
    water.position.y = y;
    column.scale.y = Math.max(0.001, levelM);
    column.position.y = -d + levelM / 2;
    levelLabel.sprite.position.y = y + 0.25;
    (water.material as MeshStandardMaterial).color.set(color ?? '#3fa9f5');
  };
  const setLevel = (level: number | null) => {
    placeLevel(level);
    if (level !== null) levelLabel.draw(`${level.toFixed(2)} m`, '#3fa9f5');
    render();
  };
  const setReading = (reading: FacilityReading | null) => {
    const value = reading?.value ?? null;
    if (reading?.kind === 'level') {
      const color = value === null ? '#3fa9f5' : readingColor(value, reading.thresholds);
      placeLevel(value, color);
      if (value !== null) levelLabel.draw(`${value.toFixed(2)} ${reading.unit}`, color);
      gauge.sprite.visible = false;
      gaugeValue = null;
    } else {
      placeLevel(null);
      gauge.sprite.visible = reading !== null;
      gaugeValue = value;
      if (reading) gauge.draw(reading);
    }
    render();
  };
  setLevel(spec.levelM);
  return {
    setLevel,
    setReading,
    state: () => ({ sceneId, levelM, surfaceY: water.visible ? water.position.y : null, gaugeValue, renders }),
    destroy() {
      levelLabel.dispose();
      gauge.dispose();
      controls.dispose();
      scene.traverse((o) => {
        const mesh = o as Mesh;
        mesh.geometry?.dispose();
        const mat = mesh.material as MeshStandardMaterial | undefined;
        mat?.dispose?.();
      });
      renderer.dispose();
    },
  };
}
