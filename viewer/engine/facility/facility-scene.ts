import {
  AmbientLight, BoxGeometry, CylinderGeometry, DirectionalLight, DoubleSide, Group, Mesh, MeshStandardMaterial,
  PerspectiveCamera, Scene, WebGLRenderer, Color, GridHelper,
} from 'three';
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

/** The running three.js view. */
export interface FacilityView {
  setLevel(levelM: number | null): void;
  destroy(): void;
}

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
  camera.position.set(d * 1.6 + 3, d * 0.6, d * 1.9 + 3);
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
  const pavement = new Mesh(new BoxGeometry(size, 0.2, size), new MeshStandardMaterial({ color: '#5a6470', transparent: true, opacity: 0.5 }));
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
    const mesh = new Mesh(new CylinderGeometry(pr, pr, length, 20), new MeshStandardMaterial({
      color: new Color(spec.color).multiplyScalar(p.direction === 'in' ? 0.7 : 1.1),
    }));
    mesh.rotation.z = Math.PI / 2;
    const holder = new Group();
    holder.add(mesh);
    mesh.position.x = length / 2 + r * 0.9;
    holder.rotation.y = -p.azimuthRad + Math.PI / 2;
    holder.position.y = -d + p.invertAboveFloorM + pr;
    pipes.add(holder);
  }
  scene.add(pipes);

  const water = new Mesh(new CylinderGeometry(r * 0.98, r * 0.98, 0.02, 32),
    new MeshStandardMaterial({ color: '#3fa9f5', transparent: true, opacity: 0.65 }));
  scene.add(water);

  const controls = new OrbitControls(camera, canvas);
  controls.target.set(0, -d / 2, 0);
  controls.update();
  const render = () => renderer.render(scene, camera);
  controls.addEventListener('change', render);

  const setLevel = (levelM: number | null) => {
    water.visible = levelM !== null;
    if (levelM !== null) water.position.y = -d + Math.max(0.02, Math.min(d, levelM));
    render();
  };
  setLevel(spec.levelM);
  return {
    setLevel,
    destroy() {
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
