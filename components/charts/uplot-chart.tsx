"use client";

import { useEffect, useRef } from "react";
import type uPlot from "uplot";

/**
 * A uPlot chart (canvas, made for time series and many points) sized to its container. uPlot is
 * loaded in the browser only: it touches `window` as it starts. Options are rebuilt when `options`
 * changes (series, colours); data alone is swapped in place. The figure names its series in
 * `data-series`, and uPlot's legend lists them, so people and tests can tell what is drawn.
 */
type Props = {
  title: string;
  description?: string;
  options: Omit<uPlot.Options, "width" | "height">;
  data: uPlot.AlignedData;
  height?: number;
  "data-testid"?: string;
};

export function UplotChart({ title, description, options, data, height = 240, ...rest }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import("uplot").then(({ default: UPlot }) => {
      if (disposed) return;
      const chart = new UPlot({ ...options, width: Math.max(200, el.clientWidth), height }, latest.current, el);
      plot.current = chart;
      observer = new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height }));
      observer.observe(el);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  const series = options.series.slice(1).map((s) => (typeof s.label === "string" ? s.label : "")).join("|");
  return (
    <figure className="min-w-0 space-y-1" data-series={series} {...rest}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      {description && <p className="text-xs text-zinc-600 dark:text-zinc-400">{description}</p>}
      <div ref={box} className="uplot-box w-full text-xs" role="img" aria-label={`${title}: ${series.replaceAll("|", ", ")}`} />
    </figure>
  );
}
