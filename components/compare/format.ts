import { formatCount, formatDuration, formatShare } from "@/lib/compare/verdict";
import { formatBytes } from "@/lib/format/bytes";

/** The comparison's figures as the tables show them (the verdicts' own formats, plus money and bytes). */
export const count = (n: number) => formatCount(n);
export const share = (s: number | null) => (s === null ? "–" : formatShare(s));
export const delay = (ms: number | null | undefined) => (ms === null || ms === undefined ? "–" : formatDuration(ms));
export const bytes = (n: number) => formatBytes(Math.round(n));
const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumSignificantDigits: 3 });
export const dollars = (n: number) => (n === 0 ? "$0" : money.format(n));
/** A signed difference as a percentage of the prediction: "+4.2 %", "−12 %"; "–" without one. */
export const percentDiff = (p: number | null | undefined) =>
  p === null || p === undefined || !Number.isFinite(p) ? "–" : `${p > 0 ? "+" : p < 0 ? "−" : "±"}${formatCount(Math.abs(p))} %`;
export const seconds = (s: number) => formatDuration(s * 1000);
/** A difference between two shares in percentage points: "+0.8 pt". */
export const pointsDiff = (d: number | null | undefined) =>
  d === null || d === undefined || !Number.isFinite(d) ? "–" : `${d > 0 ? "+" : d < 0 ? "−" : "±"}${formatCount(Math.abs(d * 100))} pt`;
