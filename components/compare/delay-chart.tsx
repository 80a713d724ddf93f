"use client";

import { useMemo } from "react";
import type uPlot from "uplot";
import type { CompareResult } from "@/lib/compare/on-traffic";
import { useDark } from "@/lib/client/use-dark";
import { UplotChart } from "../charts/uplot-chart";
import { SERIES_COLORS, msLabel, msSplits } from "../charts/palette";
import { intervalChart } from "./interval-axes";


/**
 * Detection delay against polling interval, both axes logarithmic: this traffic's real delays
 * with ticks from the window's start (mean and p95), the random-phase expectation (interval / 2),
 * and the push latency measured on this endpoint as a flat line far below.
 */
export function DelayChart({ result }: { result: CompareResult }) {
  const dark = useDark();
  const { curve } = result.charts;
  const push = result.webhook.measuredLatencyMs?.p50 ?? null;
  const data = useMemo<uPlot.AlignedData>(
    () => [
      curve.map((r) => r.intervalSeconds),
      curve.map((r) => r.meanDelayMs),
      curve.map((r) => r.p95DelayMs),
      curve.map((r) => r.intervalSeconds * 500),
      curve.map(() => push),
    ],
    [curve, push],
  );
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(() => {
    const { intervalSeries, ...frame } = intervalChart(dark, { label: "Delay", splits: msSplits, format: msLabel });
    return {
      ...frame,
      series: [
        intervalSeries,
        { label: "Mean delay (real ticks)", stroke: SERIES_COLORS[0], width: 2, value: (_u, v) => (v == null ? "–" : msLabel(v)) },
        { label: "p95 delay (real ticks)", stroke: SERIES_COLORS[2], width: 2, dash: [3, 3], value: (_u, v) => (v == null ? "–" : msLabel(v)) },
        { label: "Expected mean (interval / 2)", stroke: SERIES_COLORS[6], width: 1, dash: [6, 4], value: (_u, v) => (v == null ? "–" : msLabel(v)) },
        { label: "Webhook push (measured p50)", stroke: SERIES_COLORS[1], width: 2, value: (_u, v) => (v == null ? "–" : msLabel(v)) },
      ],
    };
  }, [dark]);
  return (
    <UplotChart
      data-testid="chart-delay"
      title="Detection delay against polling interval"
      description="Both axes logarithmic. Real ticks: a poller that started with the window (few events make these jump about); the dashed line is the average over every start."
      options={options}
      data={data}
    />
  );
}
