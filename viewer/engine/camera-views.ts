import {
  BoundingSphere,
  Cartesian3,
  Cartographic,
  HeadingPitchRange,
  Math as CesiumMath,
  Matrix4,
  PerspectiveFrustum,
  Transforms,
  type Camera,
} from 'cesium';

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
  /**
   * CSS px at the bottom of the scene covered by a panel (a phone's bottom sheet): the target is framed in the middle
   * of the part above it instead of the middle of the screen. @default 0
   */
  bottomInsetPx?: number;
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
export function flyToTarget(camera: Camera, target: FlyTarget, viewportHeightPx = 0): Promise<void> {
  const centre = Cartesian3.fromDegrees(target.lonDeg, target.latDeg, target.heightM ?? 0);
  const range = target.rangeM ?? 300;
  const pitch = CesiumMath.toRadians(-45);
  const duration = target.durationS ?? 1.5;
  const tilt = insetTilt(camera, target.bottomInsetPx ?? 0, viewportHeightPx);
  return new Promise((resolve) => {
    if (tilt === 0) {
      camera.flyToBoundingSphere(new BoundingSphere(centre, 1), {
        offset: new HeadingPitchRange(camera.heading, pitch, range),
        duration,
        complete: () => resolve(),
        cancel: () => resolve(),
      });
      return;
    }
    // Stand where the plain flight would (range back along the view ray, heading kept), then look further down by
    // the tilt: the target then sits that angle above the screen's centre, in the middle of the uncovered part.
    const heading = camera.heading;
    const towards = new Cartesian3(
      Math.sin(heading) * Math.cos(pitch),
      Math.cos(heading) * Math.cos(pitch),
      Math.sin(pitch),
    );
    const enu = Transforms.eastNorthUpToFixedFrame(centre);
    const ray = Matrix4.multiplyByPointAsVector(enu, towards, new Cartesian3());
    const destination = Cartesian3.subtract(centre, Cartesian3.multiplyByScalar(ray, range, ray), new Cartesian3());
    camera.flyTo({
      destination,
      orientation: { heading, pitch: pitch - tilt, roll: 0 },
      duration,
      complete: () => resolve(),
      cancel: () => resolve(),
    });
  });
}

/**
 * The extra downward tilt (radians) that moves the screen's centre of interest up by half of `insetPx`, in a view
 * `viewportHeightPx` high: 0 without an inset, or when the frustum is not a perspective one.
 */
export function insetTilt(camera: Camera, insetPx: number, viewportHeightPx: number): number {
  const frustum = camera.frustum;
  if (insetPx <= 0 || viewportHeightPx <= 0 || !(frustum instanceof PerspectiveFrustum)) return 0;
  const fovy = frustum.fovy;
  if (fovy === undefined || !Number.isFinite(fovy)) return 0;
  const share = Math.min(insetPx, viewportHeightPx * 0.8) / viewportHeightPx;
  return Math.atan(share * Math.tan(fovy / 2));
}

/** The opening view of a city: from the south, looking north over the centre at 38 degrees down. */
export function homeView(centerLonDeg: number, centerLatDeg: number): CameraView {
  return { lonDeg: centerLonDeg, latDeg: centerLatDeg - 0.028, heightM: 2600, headingDeg: 0, pitchDeg: -38 };
}
