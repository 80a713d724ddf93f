"use client";

import { useMemo } from "react";
import type uPlot from "uplot";
import type { ClientReport, Observation } from "@/lib/experiments/report";
import { useDark } from "@/lib/client/use-dark";
import { UplotChart } from "../charts/uplot-chart";
import { SERIES_COLORS, axisStyle, countLabel, countSplits, msLabel, msSplits, tickLabels } from "../charts/palette";

export const clientLabel = (c: Pick<ClientReport, "kind" | "intervalSeconds" | "etag">) =>
  c.kind === "push" ? "Push (SSE)" : c.kind === "longpoll" ? "Long-poll" : c.kind === "hybrid" ? "Hybrid (push + fetch)" : `Poll every ${c.intervalSeconds} s${c.etag ? " + ETag" : ""}`;

type Clients = Pick<ClientReport, "key" | "kind" | "intervalSeconds" | "etag">[];

/**
 * Each event's detection delay per client, against when it was sent: a dot per (event, client),
 * delay on a log scale so push (milliseconds) and slow pollers (seconds) fit one chart.
 */
export function LatencyScatter({ clients, observations }: { clients: Clients; observations: Observation[] }) {
  const dark = useDark();
  const data = useMemo<uPlot.AlignedData>(() => {
    // One x per event (its send time, in s; events sent in the same ms of a burst nudged apart by 1 µs).
    const sentByEvent = new Map<number, number>();
    for (const [, n, sent] of observations) sentByEvent.set(n, sent);
    const events = [...sentByEvent.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    const xs: number[] = [];
    const row = new Map<number, number>();
    for (const [n, sent] of events) {
      const x = Math.max(sent / 1000, (xs.at(-1) ?? -Infinity) + 1e-6);
      row.set(n, xs.push(x) - 1);
    }
    const ys = clients.map(() => new Array<number | null>(xs.length).fill(null));
    for (const [c, n, , d] of observations) ys[c][row.get(n)!] = Math.max(d, 0.01);
    return [xs, ...ys];
  }, [clients, observations]);
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(() => {
    const axis = axisStyle(dark);
    return {
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [
        { ...axis, label: "Event sent at (s after the start)" },
        { ...axis, label: "Detection delay", size: 64, ...msSplits, values: tickLabels(msLabel) },
      ],
      series: [
        { label: "Sent at", value: (_u, v) => (v == null ? "–" : `${v.toFixed(2)} s`) },
        ...clients.map((c, i) => ({
          label: clientLabel(c),
          stroke: SERIES_COLORS[i % SERIES_COLORS.length],
          paths: () => null,
          points: { show: true, size: 5, fill: SERIES_COLORS[i % SERIES_COLORS.length] },
          value: (_u: uPlot, v: number | null) => (v == null ? "–" : msLabel(v)),
        })),
      ],
      cursor: { points: { show: false } },
    };
  }, [dark, clients]);
  return (
    <UplotChart
      data-testid="chart-latency"
      title="Detection delay of each event, per client"
      description="From the moment the event source sent the webhook to the moment the client saw it (log scale)."
      options={options}
      data={data}
      height={260}
    />
  );
}

/** Requests each client had made, second by second (log scale: pollers make few, push and hybrid one or two per event). */
export function RequestTimeline({ clients, timeline }: { clients: Clients; timeline: number[][] }) {
  const dark = useDark();
  const data = useMemo<uPlot.AlignedData>(() => {
    const seconds = Math.max(0, ...timeline.map((t) => t.length));
    const xs = Array.from({ length: seconds }, (_, i) => i + 1);
    return [xs, ...timeline.map((t) => {
      let sum = 0;
      return xs.map((_, i) => ((sum += t[i] ?? 0) > 0 ? sum : null));
    })];
  }, [timeline]);
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(() => {
    const axis = axisStyle(dark);
    return {
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ ...axis, label: "Seconds since the start" }, { ...axis, label: "Requests so far", size: 56, ...countSplits, values: tickLabels(countLabel) }],
      series: [
        { label: "Second" },
        ...clients.map((c, i) => ({ label: clientLabel(c), stroke: SERIES_COLORS[i % SERIES_COLORS.length], width: 2, value: (_u: uPlot, v: number | null) => (v == null ? "0" : countLabel(v)) })),
      ],
    };
  }, [dark, clients]);
  return <UplotChart data-testid="chart-timeline" title="Requests made so far, per client" options={options} data={data} height={220} />;
}
