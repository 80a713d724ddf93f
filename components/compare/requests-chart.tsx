"use client";

import { useMemo } from "react";
import type uPlot from "uplot";
import type { CompareResult } from "@/lib/compare/on-traffic";
import { useDark } from "@/lib/client/use-dark";
import { UplotChart } from "../charts/uplot-chart";
import { SERIES_COLORS, countLabel, countSplits } from "../charts/palette";
import { intervalChart } from "./interval-axes";

// A log scale has no 0: a figure of 0 a day is left out of the line.
const positive = (n: number) => (n > 0 ? n : null);

/** Requests a day against polling interval, log scale: polling falls as 1/interval, the rest do not depend on it. */
export function RequestsChart({ result }: { result: CompareResult }) {
  const dark = useDark();
  const { curve } = result.charts;
  const data = useMemo<uPlot.AlignedData>(
    () => [
      curve.map((r) => r.intervalSeconds),
      curve.map((r) => positive(r.pollsPerDay)),
      curve.map(() => positive(result.webhook.requestsPerDay)),
      curve.map(() => positive(result.longPoll.requestsPerDay)),
      curve.map(() => positive(result.hybrid.requestsPerDay)),
      curve.map(() => result.assumptions.budgetPerHour * 24),
    ],
    [curve, result],
  );
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(() => {
    const { intervalSeries, ...frame } = intervalChart(dark, { label: "Requests a day", splits: countSplits, format: countLabel });
    const count = (_u: uPlot, v: number | null) => (v == null ? "–" : countLabel(v));
    return {
      ...frame,
      series: [
        intervalSeries,
        { label: "Polling", stroke: SERIES_COLORS[0], width: 2, value: count },
        { label: "Webhooks", stroke: SERIES_COLORS[1], width: 2, value: count },
        { label: "Long-polling", stroke: SERIES_COLORS[4], width: 2, value: count },
        { label: "Hybrid (push + fetch)", stroke: SERIES_COLORS[5], width: 2, value: count },
        { label: "Rate-limit budget", stroke: SERIES_COLORS[3], width: 1, dash: [6, 4], value: count },
      ],
    };
  }, [dark]);
  return (
    <UplotChart
      data-testid="chart-requests"
      title="Requests a day against polling interval"
      description="Logarithmic scales. Polling every 10 s is 8,640 requests a day whether or not anything happens."
      options={options}
      data={data}
    />
  );
}
