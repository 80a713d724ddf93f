import type uPlot from "uplot";

/** Series colours that read on white and on near-black (Tailwind 500/400 shades). */
export const SERIES_COLORS = ["#6366f1", "#10b981", "#f59e0b", "#ef4444", "#0ea5e9", "#a855f7", "#64748b", "#ec4899", "#84cc16"];

/** Axis and grid colours for the page's theme (a canvas cannot read CSS). */
export function axisStyle(dark: boolean): Pick<uPlot.Axis, "stroke" | "grid" | "ticks"> {
  const line = dark ? "#27272a" : "#e4e4e7";
  return { stroke: dark ? "#a1a1aa" : "#52525b", grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } };
}

/** Milliseconds as a short axis label: 3 ms, 1.5 s, 2 min. */
export function msLabel(ms: number): string {
  if (ms < 1) return `${+ms.toPrecision(2)} ms`;
  if (ms < 1000) return `${+ms.toPrecision(3)} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toPrecision(3)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toPrecision(3)} min`;
  return `${+(ms / 3_600_000).toPrecision(3)} h`;
}

/** Counts as a short axis label: 950, 8.6k, 1.2M. */
export function countLabel(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return `${+n.toPrecision(3)}`;
}

/** An axis's tick labels through `format` (uPlot passes null for ticks it filtered out). */
export const tickLabels = (format: (v: number) => string) => (_u: uPlot, ticks: (number | null)[]) => ticks.map((v) => (v == null ? "" : format(v)));

const MS_STEPS = [0.01, 0.1, 1, 10, 100, 1000, 10_000, 60_000, 600_000, 3_600_000, 36_000_000];
const SECOND_STEPS = [1, 5, 15, 60, 300, 900, 3600, 21_600, 86_400];
const COUNT_STEPS = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

/**
 * Log-axis ticks at round values (10 ms, 1 s, 1 min, ...) instead of powers of ten (100 s = "1.67
 * min"), all labelled (uPlot's default log filter would hide those that are not powers of ten).
 */
const roundSplits = (steps: number[]): Pick<uPlot.Axis, "splits" | "filter"> => ({
  splits: (_u, _axis, min, max) => steps.filter((v) => v >= min * 0.999 && v <= max * 1.001),
  filter: (_u, splits) => splits,
});
export const msSplits = roundSplits(MS_STEPS);
export const secondSplits = roundSplits(SECOND_STEPS);
export const countSplits = roundSplits(COUNT_STEPS);
