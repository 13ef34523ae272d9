import type { CrewArcRole } from './crew-arcs-data.js';

type Rgba = [number, number, number, number];

/**
 * Arc colours by role: the crew on the job bright cyan, the responsible crews amber, reinforcements a quiet grey-blue.
 * The arc runs from the base colour (source) to red at the incident (target), so direction reads without arrows.
 */
export const CREW_ARC_COLORS: Readonly<Record<CrewArcRole, Rgba>> = {
  assigned: [0, 229, 255, 240],
  responsible: [255, 176, 32, 235],
  nearest: [150, 170, 200, 190],
};

/** Colour of the incident end of every arc, and of the incident marker. */
export const INCIDENT_COLOR: Rgba = [255, 59, 48, 255];

/** Arc width (px) by role. */
export const CREW_ARC_WIDTH_PX: Readonly<Record<CrewArcRole, number>> = { assigned: 4, responsible: 3, nearest: 2 };

/** CSS of a role's colour, for the legend. */
export function crewArcCss(role: CrewArcRole | 'incident'): string {
  const [r, g, b] = role === 'incident' ? INCIDENT_COLOR : CREW_ARC_COLORS[role];
  return `rgb(${r},${g},${b})`;
}
