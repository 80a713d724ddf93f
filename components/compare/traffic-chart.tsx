"use client";

import { useMemo } from "react";
import type uPlot from "uplot";
import type { CompareResult } from "@/lib/compare/on-traffic";
import { useDark } from "@/lib/client/use-dark";
import { UplotChart } from "../charts/uplot-chart";
import { SERIES_COLORS, axisStyle, countLabel, tickLabels } from "../charts/palette";

/** Most poll ticks drawn as lines; beyond this they would fill the chart, and only the polls that found something are marked. */
const MAX_TICK_LINES = 400;

/**
 * The endpoint's traffic over the window (requests per bucket, as bars) with a poller's ticks
 * overlaid for the chosen interval: every tick as a faint line (when there are few enough to see),
 * and the ticks that found requests marked with how many they returned.
 */
export function TrafficChart({ result }: { result: CompareResult }) {
  const dark = useDark();
  const { traffic, ticks } = result.charts;
  const data = useMemo<uPlot.AlignedData>(() => {
    const bars = traffic.counts.map((n, i) => [(traffic.startMs + (i + 0.5) * traffic.bucketMs) / 1000, n] as const);
    const found = ticks.nonEmpty.map((t) => [t.atMs / 1000, t.events] as const);
    return merge(bars, found);
  }, [traffic, ticks]);
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(() => {
    const axis = axisStyle(dark);
    const fromS = traffic.startMs / 1000;
    const toS = Date.parse(result.to) / 1000;
    return {
      scales: { x: { time: true, range: [fromS, toS] }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
      axes: [{ ...axis }, { ...axis, label: "Requests", size: 56, values: tickLabels(countLabel) }],
      series: [
        {},
        {
          label: `Requests per ${bucketLabel(traffic.bucketMs)}`,
          stroke: SERIES_COLORS[0],
          fill: `${SERIES_COLORS[0]}55`,
          width: 1,
          paths: (u, i, i0, i1) => bars(u, i, i0, i1, traffic.bucketMs / 1000),
          points: { show: false },
        },
        {
          label: `Polls every ${ticks.intervalSeconds} s that found requests`,
          stroke: SERIES_COLORS[2],
          width: 0,
          paths: () => null,
          points: { show: true, size: 6, fill: SERIES_COLORS[2] },
        },
      ],
      hooks: {
        draw: [
          (u) => {
            const step = ticks.intervalSeconds;
            const [min, max] = [u.scales.x.min!, u.scales.x.max!];
            const first = ticks.phaseMs / 1000 + Math.ceil((min - ticks.phaseMs / 1000) / step) * step;
            if ((max - first) / step > MAX_TICK_LINES) return;
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = dark ? "#3f3f46" : "#d4d4d8";
            ctx.lineWidth = 1;
            ctx.beginPath();
            for (let t = first; t <= max; t += step) {
              const x = Math.round(u.valToPos(t, "x", true)) + 0.5;
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
            }
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    };
  }, [dark, traffic, ticks, result.to]);
  const lines = ticks.polls <= MAX_TICK_LINES ? "each line is a poll" : `${Math.round(ticks.polls).toLocaleString("en-US")} polls, too many to draw`;
  return (
    <UplotChart
      data-testid="chart-traffic"
      title="Traffic over time, with poll ticks"
      description={`${lines}; dots mark the polls that found requests, at the height of how many they returned.`}
      options={options}
      data={data}
    />
  );
}

function bucketLabel(ms: number) {
  return ms < 60_000 ? `${ms / 1000} s` : ms < 3_600_000 ? `${ms / 60_000} min` : `${ms / 3_600_000} h`;
}

/** Bars centred on their bucket, drawn here rather than with uPlot's builder (loaded lazily, so not at hand when options are made). */
function bars(u: uPlot, seriesIdx: number, i0: number, i1: number, bucketSeconds: number) {
  const xs = u.data[0];
  const ys = u.data[seriesIdx];
  const path = new Path2D();
  const bucketPx = Math.max(1, (u.valToPos(bucketSeconds, "x", true) - u.valToPos(0, "x", true)) * 0.8);
  const zero = u.valToPos(0, "y", true);
  for (let i = i0; i <= i1; i++) {
    const y = ys[i];
    if (y == null || y === 0) continue;
    const x = u.valToPos(xs[i], "x", true);
    const top = u.valToPos(y, "y", true);
    path.rect(x - bucketPx / 2, top, bucketPx, zero - top);
  }
  return { stroke: path, fill: path };
}

/** Two series with their own x values on one x axis (nulls where one has no point). */
function merge(a: readonly (readonly [number, number])[], b: readonly (readonly [number, number])[]): uPlot.AlignedData {
  const xs = [...new Set([...a.map(([x]) => x), ...b.map(([x]) => x)])].sort((p, q) => p - q);
  const ya = new Map(a);
  const yb = new Map(b);
  return [xs, xs.map((x) => ya.get(x) ?? null), xs.map((x) => yb.get(x) ?? null)];
}
