import { useRef } from 'react';
import type { CrossSection } from '../../../core/excavation/cross-section.js';
import { UTILITY_COLORS } from '../../engine/scene-colors.js';
import { useT } from '../../state/i18n.js';
import { placeSectionLabels } from './section-labels.js';

const W = 640,
  H = 240,
  PAD = 36;

/**
 * The section along the trench line (SVG): the ground, the dig, and every crossing pipe as a circle at its depth and
 * diameter (drawn to scale), labelled with utility, diameter, material and cover, and the clear distance between
 * neighbours. Exports as SVG or PNG.
 */
export function SectionView({ section, depthM }: { section: CrossSection; depthM: number }) {
  const t = useT();
  const svg = useRef<SVGSVGElement>(null);
  const maxDepth = Math.max(depthM, ...section.pipes.map((p) => p.axisDepthM + p.diameterMm / 2000)) + 0.5;
  // One scale for both axes would flatten a 50 m line to nothing: depth gets its own, pipes stay circles by radius in y.
  const sx = (W - 2 * PAD) / Math.max(1, section.lengthM);
  const sy = (H - 2 * PAD) / maxDepth;
  const x = (m: number) => PAD + m * sx;
  const y = (m: number) => PAD + m * sy;
  const download = (name: string, blob: Blob) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const marks = section.pipes.map((p) => ({
    cx: x(p.stationM),
    cy: y(p.axisDepthM),
    r: Math.max(3, (p.diameterMm / 2000) * sy),
    lines: [
      `${t(`utility.${p.utility}`)} DN${p.diameterMm}`,
      [p.material, t('dig.cover', { m: p.coverDepthM.toFixed(2) })].filter(Boolean).join(' · '),
    ] as [string, string],
  }));
  const labels = placeSectionLabels(marks, W, H);
  const svgText = () => new XMLSerializer().serializeToString(svg.current!);
  const exportSvg = () => download('dig-section.svg', new Blob([svgText()], { type: 'image/svg+xml' }));
  const exportPng = () => {
    const img = new Image();
    img.onload = () => {
      const c = document.createElement('canvas');
      c.width = W * 2;
      c.height = H * 2;
      const g = c.getContext('2d')!;
      g.fillStyle = '#ffffff';
      g.fillRect(0, 0, c.width, c.height);
      g.drawImage(img, 0, 0, c.width, c.height);
      c.toBlob((b) => b && download('dig-section.png', b), 'image/png');
    };
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText())}`;
  };
  return (
    <div className="dig-section" data-testid="dig-section">
      {section.pipes.length === 0 && <p className="muted">{t('dig.sectionEmpty')}</p>}
      <svg
        ref={svg}
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={t('dig.section')}
      >
        <rect x={0} y={0} width={W} height={H} fill="#f4efe6" />
        <rect x={x(0)} y={y(0)} width={W - 2 * PAD} height={y(maxDepth) - y(0)} fill="#d9c7a8" />
        <rect
          x={x(0)}
          y={y(0)}
          width={W - 2 * PAD}
          height={y(depthM) - y(0)}
          fill="none"
          stroke="#7a5c3a"
          strokeDasharray="6 4"
        />
        <line x1={x(0)} x2={x(section.lengthM)} y1={y(0)} y2={y(0)} stroke="#3e3e3e" strokeWidth={2} />
        <text x={x(0)} y={y(0) - 6} fontSize={11} fill="#3e3e3e">
          {t('dig.ground')} ±0.00
        </text>
        {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
          .filter((d) => d < maxDepth)
          .map((d) => (
            <text key={d} x={4} y={y(d) + 4} fontSize={9} fill="#555">
              −{d} m
            </text>
          ))}
        {section.gaps.map((g, i) => {
          const a = section.pipes[i]!,
            b = section.pipes[i + 1]!;
          return (
            <g key={`gap-${i}`} className="dig-gap">
              <line
                x1={x(a.stationM)}
                y1={y(a.axisDepthM)}
                x2={x(b.stationM)}
                y2={y(b.axisDepthM)}
                stroke="#666"
                strokeDasharray="2 3"
              />
              <text
                x={(x(a.stationM) + x(b.stationM)) / 2}
                y={(y(a.axisDepthM) + y(b.axisDepthM)) / 2 - 3}
                fontSize={9}
                fill="#333"
                textAnchor="middle"
              >
                {t('dig.gap', { m: g.clearM.toFixed(2) })}
              </text>
            </g>
          );
        })}
        {section.pipes.map((p, i) => {
          const m = marks[i]!;
          const label = labels[i]!;
          // A label moved away from its circle (crowded pipes) points back to it.
          const nearY = label.top > m.cy ? label.top : label.top + label.height;
          return (
            <g key={p.id} className="dig-pipe" data-utility={p.utility}>
              {label.leader && <line x1={m.cx} y1={m.cy} x2={label.x} y2={nearY} stroke="#555" strokeWidth={0.7} />}
              <circle cx={m.cx} cy={m.cy} r={m.r} fill={UTILITY_COLORS[p.utility]} stroke="#222" />
              <text x={label.x} y={label.top + 10} fontSize={10} textAnchor="middle" fill="#111">
                {m.lines[0]}
              </text>
              <text x={label.x} y={label.top + 21} fontSize={9} textAnchor="middle" fill="#333">
                {m.lines[1]}
              </text>
            </g>
          );
        })}
      </svg>
      <div className="dig-row">
        <button onClick={exportSvg} data-testid="dig-export-svg">
          {t('dig.exportSvg')}
        </button>
        <button onClick={exportPng} data-testid="dig-export-png">
          {t('dig.exportPng')}
        </button>
      </div>
    </div>
  );
}
