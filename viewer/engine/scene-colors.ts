import type { BuildingUse, Utility } from '../../core/model/index.js';

/**
 * Pipe colours of the Chinese standard CJJ 61 (城市地下管线探测技术规程): water supply sky blue, drainage brown,
 * gas pink, heat orange, power red, telecom green. CJJ 61 gives drainage one hue, brown: sewage (污水) takes its dark
 * shade and storm water (雨水) a light sandy shade, far enough apart to tell on a dark underground at a glance.
 */
export const UTILITY_COLORS: Readonly<Record<Utility, string>> = {
  water: '#33b5ff',
  sewer: '#8b4513',
  storm: '#e0c080',
  gas: '#ff6fb5',
  heat: '#ff8c1a',
  power: '#ff2e2e',
  telecom: '#2fd16a',
};

/** The states a sensor marker can show; `unknown` when no live feed has said anything yet. */
export type SensorState = 'normal' | 'warning' | 'alarm' | 'offline' | 'stale' | 'unknown';

/** All sensor states, legend order. */
export const SENSOR_STATES: readonly SensorState[] = ['normal', 'warning', 'alarm', 'offline', 'stale', 'unknown'];

/** Marker colour per sensor state. */
export const SENSOR_STATE_COLORS: Readonly<Record<SensorState, string>> = {
  normal: '#33d17a',
  warning: '#f6d32d',
  alarm: '#ff3b30',
  offline: '#6b7380',
  stale: '#a57fe0',
  unknown: '#a9c4dc',
};

/** Building colours by use: cool greys and blues for housing and offices, warm for shops and public buildings. */
export const BUILDING_USE_COLORS: Readonly<Record<BuildingUse, string>> = {
  residential: '#d8c9a8',
  commercial: '#7fa7d6',
  office: '#5b8fd0',
  retail: '#e2a76f',
  industrial: '#a39a8f',
  public: '#c98ed6',
  education: '#8fd6b4',
  health: '#f08f8f',
  religious: '#e6d27a',
  transport: '#9fb0bf',
  hotel: '#d69ab8',
  mixed: '#9db6c9',
  other: '#b8c2cc',
  unknown: '#c3ccd6',
};

/** Height bands (m) and their colours: low-rise pale, towers deep blue, so the skyline reads at a glance. */
export const HEIGHT_BANDS: readonly (readonly [maxHeightM: number, css: string])[] = [
  [12, '#c9d3dc'],
  [30, '#a9bccd'],
  [60, '#86a5c0'],
  [120, '#5f8cb3'],
  [250, '#3f72a3'],
  [Infinity, '#2a5a8f'],
];

/** Hover and selection colours shared by every layer. */
export const HOVER_COLOR = '#ffe08a';
export const SELECTED_COLOR = '#ffd000';
