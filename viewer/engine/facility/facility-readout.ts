import { CanvasTexture, Sprite, SpriteMaterial } from 'three';
import type { Thresholds } from '../../../core/model/index.js';

/** A live reading for the facility view, in the sensor's unit. */
export interface FacilityReading {
  /** `level` moves the water surface; anything else (pressure) shows on a gauge. */
  kind: string;
  /** The value, or null while no reading has arrived. */
  value: number | null;
  unit: string;
  /** The sensor's limits; they colour the value and the gauge's dial. */
  thresholds?: Thresholds;
  /** Short name shown on the gauge ("pressure", "压力"). */
  label?: string;
}

/** A text or dial drawn on a canvas, shown in the scene as a sprite that always faces the camera. */
export interface Readout {
  sprite: Sprite;
  dispose(): void;
}

const FONT = "'Liberation Sans', 'Noto Sans CJK SC', sans-serif";
const OK = '#3fa9f5';
const WARN = '#f6d32d';
const ALARM = '#ff3b30';

/** Colour of a value against its limits: alarm beyond lolo/hihi, warning beyond lo/hi, else blue. */
export function readingColor(value: number, t: Thresholds | undefined): string {
  if (!t) return OK;
  if ((t.hihi !== undefined && value >= t.hihi) || (t.lolo !== undefined && value <= t.lolo)) return ALARM;
  if ((t.hi !== undefined && value >= t.hi) || (t.lo !== undefined && value <= t.lo)) return WARN;
  return OK;
}

function canvasSprite(width: number, height: number, scaleM: [number, number]) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const texture = new CanvasTexture(canvas);
  const material = new SpriteMaterial({ map: texture, depthTest: false, transparent: true });
  const sprite = new Sprite(material);
  sprite.scale.set(scaleM[0], scaleM[1], 1);
  sprite.renderOrder = 10;
  return {
    sprite,
    ctx: canvas.getContext('2d')!,
    canvas,
    texture,
    dispose() {
      texture.dispose();
      material.dispose();
    },
  };
}

/** A value tag ("1.23 m") on a dark plate, for the water surface. */
export function createLabel(): Readout & { draw(text: string, color: string): void } {
  const s = canvasSprite(256, 64, [2.6, 0.65]);
  return {
    sprite: s.sprite,
    draw(text, color) {
      const { ctx } = s;
      ctx.clearRect(0, 0, 256, 64);
      ctx.fillStyle = 'rgba(11,18,25,0.85)';
      ctx.strokeStyle = color;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.roundRect(4, 6, 248, 52, 10);
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = color;
      ctx.font = `bold 34px ${FONT}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, 128, 33);
      s.texture.needsUpdate = true;
    },
    dispose: s.dispose,
  };
}

/**
 * A dial gauge: a 270° scale from 0 to beyond the upper alarm limit with its warning and alarm bands, a needle at
 * the value, and the value in figures. Redrawn on its canvas per reading; the sprite stays.
 */
export function createGauge(): Readout & { draw(reading: FacilityReading): void } {
  const size = 256;
  const s = canvasSprite(size, size, [1.3, 1.3]);
  return {
    sprite: s.sprite,
    draw(reading) {
      const { ctx } = s;
      const t = reading.thresholds ?? {};
      const max = Math.max(1, (t.hihi ?? t.hi ?? reading.value ?? 1) * 1.25, (reading.value ?? 0) * 1.05);
      const c = size / 2,
        radius = size * 0.4;
      const start = Math.PI * 0.75,
        sweep = Math.PI * 1.5;
      const angle = (v: number) => start + sweep * Math.max(0, Math.min(1, v / max));
      ctx.clearRect(0, 0, size, size);
      ctx.fillStyle = 'rgba(11,18,25,0.9)';
      ctx.beginPath();
      ctx.arc(c, c, radius + 22, 0, Math.PI * 2);
      ctx.fill();
      ctx.lineWidth = 3;
      ctx.strokeStyle = '#8aa0b6';
      ctx.stroke();
      const band = (from: number, to: number, color: string) => {
        ctx.strokeStyle = color;
        ctx.lineWidth = 14;
        ctx.beginPath();
        ctx.arc(c, c, radius, angle(from), angle(to));
        ctx.stroke();
      };
      band(0, max, '#33d17a');
      if (t.lo !== undefined) band(0, t.lo, WARN);
      if (t.lolo !== undefined) band(0, t.lolo, ALARM);
      if (t.hi !== undefined) band(t.hi, max, WARN);
      if (t.hihi !== undefined) band(t.hihi, max, ALARM);
      ctx.fillStyle = '#dbe7f3';
      ctx.font = `20px ${FONT}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(reading.label ?? reading.kind, c, c + radius * 0.45);
      const value = reading.value;
      ctx.font = `bold 36px ${FONT}`;
      ctx.fillStyle = value === null ? '#8aa0b6' : readingColor(value, t);
      ctx.fillText(value === null ? '—' : `${value.toFixed(1)} ${reading.unit}`, c, c + radius * 0.8);
      if (value !== null) {
        const a = angle(value);
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 5;
        ctx.lineCap = 'round';
        ctx.beginPath();
        ctx.moveTo(c, c);
        ctx.lineTo(c + Math.cos(a) * radius * 0.85, c + Math.sin(a) * radius * 0.85);
        ctx.stroke();
      }
      ctx.fillStyle = '#dbe7f3';
      ctx.beginPath();
      ctx.arc(c, c, 8, 0, Math.PI * 2);
      ctx.fill();
      s.texture.needsUpdate = true;
    },
    dispose: s.dispose,
  };
}
