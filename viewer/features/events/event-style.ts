import type { EventState, Severity } from '../../../core/model/index.js';

/** Colour of each event state, shared by the board, the pins and the timeline (open = warm, done = cool). */
export const EVENT_STATE_COLORS: Readonly<Record<EventState, string>> = {
  discovered: '#ff5252',
  warned: '#ff9f1c',
  assigned: '#ffd23f',
  handling: '#3fa9f5',
  recovered: '#7bdcb5',
  resolved: '#33d17a',
  closed: '#8a9bb0',
  reopened: '#e056fd',
};

/** Colour of each severity, for the board's severity chips. */
export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  critical: '#ff1744',
  major: '#ff9100',
  minor: '#ffd600',
  info: '#90a4ae',
};

/** Report categories offered by the report form (the API takes any lower-case slug). */
export const REPORT_CATEGORIES = [
  'water-leak',
  'sewer-overflow',
  'road-collapse',
  'gas-smell',
  'power-outage',
  'manhole-cover',
  'flooding',
  'other',
] as const;
