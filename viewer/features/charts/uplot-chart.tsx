import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';

/** Axis and grid colours of every chart on the dark panels. */
export const AXIS = {
  stroke: '#9aa7b4',
  grid: { stroke: '#2a3643', width: 1 },
  ticks: { stroke: '#2a3643', width: 1 },
};

/**
 * A uPlot chart in React: built when mounted (and when `optionsKey` changes), fed new data in place (the zoom a
 * user chose is kept while live points arrive), freed when unmounted. Width follows the container.
 */
export function UPlotChart({
  options,
  optionsKey,
  data,
  height,
  testId,
  attrs,
}: {
  options: (width: number) => uPlot.Options;
  optionsKey: string;
  data: uPlot.AlignedData;
  height: number;
  testId: string;
  attrs?: Record<string, string | number>;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(200, Math.floor(el.clientWidth || 280));
    const opts = options(width);
    // The shown x range on the host element, for tests and tools (the axes are drawn on a canvas).
    const showRange = (plot: uPlot, key: string) => {
      if (key === 'x')
        el.dataset.xRange = `${Math.round(plot.scales.x?.min ?? 0)}-${Math.round(plot.scales.x?.max ?? 0)}`;
    };
    const hooks = { ...opts.hooks, setScale: [...(opts.hooks?.setScale ?? []), showRange] };
    const u = new uPlot({ ...opts, hooks, width, height }, latest.current, el);
    plot.current = u;
    const resize = new ResizeObserver(() => {
      const w = Math.max(200, Math.floor(el.clientWidth));
      if (w !== u.width) u.setSize({ width: w, height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // options is a function recreated on each render: optionsKey says when it really changed.
  }, [optionsKey, height]);
  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    // Keep a zoomed x range while live points come in; follow the data otherwise.
    const zoomed = u.select.width > 0 || (u.scales.x?.min ?? null) !== (u.data[0]?.[0] ?? null);
    u.setData(data, !zoomed);
  }, [data]);
  return <div ref={host} className="uplot-host" data-testid={testId} {...prefixData(attrs)} />;
}

function prefixData(attrs: Record<string, string | number> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(attrs ?? {})) out[`data-${k}`] = v;
  return out;
}
