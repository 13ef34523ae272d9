import { BoundingSphere, Cartesian3, Cartographic, HeadingPitchRange, Math as CesiumMath, type Camera } from 'cesium';

/** A camera pose in degrees and metres, as the shareable URL carries it. */
export interface CameraView {
  lonDeg: number;
  latDeg: number;
  heightM: number;
  headingDeg: number;
  pitchDeg: number;
}

/** Where to look: a point (lon, lat in degrees, height in scene metres) and how far to stand from it (m). */
export interface FlyTarget {
  lonDeg: number;
  latDeg: number;
  heightM?: number;
  rangeM?: number;
  /** Seconds; 0 jumps. @default 1.5 */
  durationS?: number;
}

/** The camera's current pose. */
export function cameraView(camera: Camera): CameraView {
  const c = Cartographic.fromCartesian(camera.positionWC);
  return {
    lonDeg: CesiumMath.toDegrees(c.longitude),
    latDeg: CesiumMath.toDegrees(c.latitude),
    heightM: c.height,
    headingDeg: CesiumMath.toDegrees(camera.heading),
    pitchDeg: CesiumMath.toDegrees(camera.pitch),
  };
}

/** Puts the camera at a pose at once. */
export function setCameraView(camera: Camera, view: CameraView): void {
  camera.setView({
    destination: Cartesian3.fromDegrees(view.lonDeg, view.latDeg, view.heightM),
    orientation: {
      heading: CesiumMath.toRadians(view.headingDeg),
      pitch: CesiumMath.toRadians(view.pitchDeg),
      roll: 0,
    },
  });
}

/** Flies to look at a target from above at 45 degrees, keeping the current heading; resolves when done. */
export function flyToTarget(camera: Camera, target: FlyTarget): Promise<void> {
  const centre = Cartesian3.fromDegrees(target.lonDeg, target.latDeg, target.heightM ?? 0);
  const range = target.rangeM ?? 300;
  return new Promise((resolve) => {
    camera.flyToBoundingSphere(new BoundingSphere(centre, 1), {
      offset: new HeadingPitchRange(camera.heading, CesiumMath.toRadians(-45), range),
      duration: target.durationS ?? 1.5,
      complete: () => resolve(),
      cancel: () => resolve(),
    });
  });
}

/** The opening view of a city: from the south, looking north over the centre at 38 degrees down. */
export function homeView(centerLonDeg: number, centerLatDeg: number): CameraView {
  return { lonDeg: centerLonDeg, latDeg: centerLatDeg - 0.028, heightM: 2600, headingDeg: 0, pitchDeg: -38 };
}
