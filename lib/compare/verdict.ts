import type { Comparison, Latency, PollingRow } from "./model";

/**
 * Plain-language verdicts under each what-if result, e.g.
 * "Polling every 30 s: 2,880 requests a day, 99.6 % of them empty, events seen 15 s late on average
 * (p95 28.5 s). Webhooks: 11 requests, seen 3 ms after arrival."
 * Figures carry at most one decimal (none from 100 up) and en-US thousands separators.
 */

const upToOneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 2880 -> "2,880"; 5.25 -> "5.3": per-day figures scaled from a window are rarely whole. */
export function formatCount(n: number): string {
  return (Math.abs(n) < 100 ? upToOneDecimal : whole).format(n);
}

/** In the largest unit that keeps the figure at least 1: ms, s, min, h. The thresholds sit where
 *  rounding to one decimal would print 1,000 ms, 60 s or 60 min, so those become 1 s, 1 min, 1 h. */
export function formatDuration(ms: number): string {
  if (ms < 999.95) return `${upToOneDecimal.format(ms)} ms`;
  if (ms < 59_950) return `${upToOneDecimal.format(ms / 1000)} s`;
  if (ms < 3_597_000) return `${upToOneDecimal.format(ms / 60_000)} min`;
  return `${upToOneDecimal.format(ms / 3_600_000)} h`;
}

/** 0.99618 -> "99.6 %". A share that is not exactly 0 or 1 never prints as "0 %" or "100 %". */
export function formatShare(share: number): string {
  const percent = share * 100;
  if (share > 0 && percent < 0.05) return "under 0.1 %";
  if (share < 1 && percent >= 99.95) return "over 99.9 %";
  return `${upToOneDecimal.format(percent)} %`;
}

function requests(n: number): string {
  const count = formatCount(n);
  return `${count} ${count === "1" ? "request" : "requests"}`;
}

function emptyPart(share: number): string {
  if (share === 1) return "all of them empty";
  if (share === 0) return "none of them empty";
  return `${formatShare(share)} of them empty`;
}

export function pollingVerdict(row: PollingRow, webhook: Comparison["webhook"]): string {
  let text = `Polling every ${formatDuration(row.intervalSeconds * 1000)}: ${requests(row.pollsPerDay)} a day, ${emptyPart(row.emptyShare)}`;
  text +=
    row.meanDelayMs === null || row.p95DelayMs === null
      ? " (no events in this window)."
      : `, events seen ${formatDuration(row.meanDelayMs)} late on average (p95 ${formatDuration(row.p95DelayMs)}).`;
  if (row.budgetShare > 1) text += ` That is ${formatShare(row.budgetShare)} of the rate-limit budget.`;
  return `${text} ${webhookSentence(webhook)}`;
}

function webhookSentence(webhook: Comparison["webhook"]): string {
  const head = `Webhooks: ${requests(webhook.requestsPerDay)}`;
  if (webhook.requestsPerDay === 0) return `${head}.`;
  if (webhook.measuredLatencyMs === null) return `${head}, push latency not measured yet.`;
  return `${head}, seen ${formatDuration(webhook.measuredLatencyMs.p50)} after arrival.`;
}

function seenAbout(delay: Latency | null): string {
  return delay === null ? "delay unknown until push latency and round trip are measured" : `events seen about ${formatDuration(delay.p50)} after arrival`;
}

export function longPollVerdict(longPoll: Comparison["longPoll"]): string {
  const head = `Long-polling with a ${formatDuration(longPoll.waitSeconds * 1000)} wait: ${requests(longPoll.requestsPerDay)} a day`;
  if (longPoll.wakeUpsPerDay === 0) return `${head}, all of them empty time-outs.`;
  return `${head} (${formatCount(longPoll.wakeUpsPerDay)} with events, ${formatCount(longPoll.timeoutsPerDay)} empty time-outs), ${seenAbout(longPoll.delayMs)}.`;
}

export function hybridVerdict(hybrid: Comparison["hybrid"]): string {
  const head = `Webhook plus one API fetch per event: ${requests(hybrid.requestsPerDay)} a day`;
  if (hybrid.requestsPerDay === 0) return `${head}.`;
  return `${head}, ${seenAbout(hybrid.delayMs)}.`;
}

/** One line per polling interval (each beside the webhook figures), then long-polling, then hybrid. */
export function verdicts(c: Comparison): string[] {
  return [...c.polling.map((row) => pollingVerdict(row, c.webhook)), longPollVerdict(c.longPoll), hybridVerdict(c.hybrid)];
}
