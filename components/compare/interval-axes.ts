import type uPlot from "uplot";
import { axisStyle, secondSplits, tickLabels } from "../charts/palette";

export const seconds = (s: number) => (s < 60 ? `${s} s` : s < 3600 ? `${+(s / 60).toPrecision(3)} min` : `${+(s / 3600).toPrecision(3)} h`);

/** The frame of a chart against polling interval: both axes logarithmic, intervals at round values, the y axis as given. */
export function intervalChart(dark: boolean, y: { label: string; splits: Pick<uPlot.Axis, "splits" | "filter">; format: (v: number) => string }) {
  const axis = axisStyle(dark);
  return {
    scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
    axes: [
      { ...axis, label: "Polling interval", ...secondSplits, values: tickLabels(seconds) },
      { ...axis, label: y.label, size: 64, ...y.splits, values: tickLabels(y.format) },
    ],
    intervalSeries: { label: "Interval", value: (_u: uPlot, v: number | null) => (v == null ? "–" : seconds(v)) },
  } satisfies Pick<uPlot.Options, "scales" | "axes"> & { intervalSeries: uPlot.Series };
}
