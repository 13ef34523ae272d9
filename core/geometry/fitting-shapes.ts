import type { NodeKind } from '../model/index.js';
import type { MeshBuffer } from './mesh-buffer.js';
import { addBox, addSphere, addTube } from './tube.js';

/** An RGB colour, 0-255 per channel. */
export type Rgb = readonly [number, number, number];

/** Where and what a network node is, in local ENU metres (ground and invert are heights in the tile frame). */
export interface FittingPlacement {
  kind: NodeKind;
  east: number;
  north: number;
  /** Height of the ground above the node. */
  groundUp: number;
  /** Height of the node's invert (lowest inside point). */
  invertUp: number;
  /** Radius of the largest pipe meeting here, m (sizes joints, valve bodies). */
  pipeRadius: number;
  /** The utility's colour (body, shaft, riser) as written to COLOR_0, i.e. linear bytes. */
  color: Rgb;
  /** Tank diameter and height, m, when known. */
  tankDiameterM?: number;
  tankHeightM?: number;
}

/** Colour of cast-iron covers and lids (linear bytes of sRGB #46464a). */
export const COVER_COLOR: Rgb = [15, 15, 17];
/** Fire hydrants are red whatever the network colour, as people recognise them (linear bytes of sRGB #cd2026). */
export const HYDRANT_COLOR: Rgb = [155, 4, 5];

/** Manhole shaft radius, m (a 1.0-1.2 m chamber narrowing to a 0.7 m opening; drawn as one 1 m shaft). */
export const MANHOLE_RADIUS_M = 0.5;

/**
 * Adds a small recognisable mesh for a network node: manholes and chambers as shafts from the ground down to the
 * invert with a cover; valves as a body on the pipe with a stem and a box at the surface; hydrants as a red post;
 * pumps, regulators, tanks and cabinets as blocks and drums; junctions as a sphere that joins the pipes meeting there.
 * Returns the triangle count.
 */
export function addFitting(mesh: MeshBuffer, f: FittingPlacement, featureId: number): number {
  const { east: e, north: n, groundUp: g } = f;
  const invert = Math.min(f.invertUp, g);
  const r = Math.max(f.pipeRadius, 0.05);
  const centre = invert + r;
  const [cr, cg, cb] = f.color;
  mesh.setColor(cr, cg, cb);
  let t = 0;
  switch (f.kind) {
    case 'manhole':
    case 'chamber':
    case 'inlet': {
      const radius = f.kind === 'inlet' ? 0.3 : f.kind === 'chamber' ? 0.8 : MANHOLE_RADIUS_M;
      const bottom = Math.min(invert, g - 0.3);
      t += addTube(mesh, [e, n, g - 0.02, e, n, bottom], radius, featureId, { sides: 12 });
      mesh.setColor(...COVER_COLOR);
      if (f.kind === 'inlet')
        t += addBox(mesh, e - 0.35, n - 0.25, g - 0.02, e + 0.35, n + 0.25, g + 0.04, featureId, false);
      else t += addTube(mesh, [e, n, g - 0.02, e, n, g + 0.05], radius * 0.75, featureId, { sides: 12 });
      return t;
    }
    case 'valve': {
      const body = Math.max(r * 1.5, 0.2);
      t += addSphere(mesh, e, n, centre, body, featureId, 10);
      t += addTube(mesh, [e, n, centre, e, n, g - 0.05], 0.06, featureId, { sides: 6 });
      t += addTube(mesh, [e, n, centre + body + 0.1, e, n, centre + body + 0.16], 0.3, featureId, { sides: 10 });
      mesh.setColor(...COVER_COLOR);
      t += addBox(mesh, e - 0.15, n - 0.15, g - 0.05, e + 0.15, n + 0.15, g + 0.03, featureId, false);
      return t;
    }
    case 'hydrant': {
      t += addTube(mesh, [e, n, centre, e, n, g], 0.08, featureId, { sides: 6 });
      mesh.setColor(...HYDRANT_COLOR);
      t += addTube(mesh, [e, n, g, e, n, g + 0.75], 0.12, featureId, { sides: 10 });
      t += addSphere(mesh, e, n, g + 0.75, 0.13, featureId, 10);
      t += addTube(mesh, [e - 0.22, n, g + 0.5, e + 0.22, n, g + 0.5], 0.05, featureId, { sides: 6 });
      return t;
    }
    case 'pump':
      t += addBox(mesh, e - 0.6, n - 0.4, invert, e + 0.6, n + 0.4, invert + 0.8, featureId);
      t += addTube(mesh, [e, n, invert + 0.8, e, n, invert + 1.5], 0.3, featureId, { sides: 12 });
      return t;
    case 'regulator':
    case 'cabinet':
    case 'substation': {
      // Regulator stations, street cabinets and substations stand above ground; a riser joins them to the pipe.
      const [w, d, h] =
        f.kind === 'substation' ? [3, 2, 2.5] : f.kind === 'cabinet' ? [0.8, 0.4, 1.2] : [1.0, 0.6, 1.2];
      t += addTube(mesh, [e, n, centre, e, n, g], Math.min(r, 0.1), featureId, { sides: 6 });
      t += addBox(mesh, e - w / 2, n - d / 2, g, e + w / 2, n + d / 2, g + h, featureId, false);
      return t;
    }
    case 'tank': {
      const radius = (f.tankDiameterM ?? 10) / 2;
      const height = Math.max(f.tankHeightM ?? 5, 1);
      t += addTube(mesh, [e, n, invert, e, n, invert + height], radius, featureId, { sides: 24 });
      return t;
    }
    case 'reservoir':
      t += addBox(mesh, e - 6, n - 6, invert, e + 6, n + 6, invert + 2, featureId);
      return t;
    case 'outfall':
      t += addBox(mesh, e - 0.8, n - 0.2, invert - 0.2, e + 0.8, n + 0.2, invert + 2 * r + 0.4, featureId);
      return t;
    case 'junction':
    case 'service':
    default:
      // A sphere just wider than the largest pipe hides the seam where links of different directions meet.
      t += addSphere(mesh, e, n, centre, r * 1.04, featureId, 8);
      return t;
  }
}
