import type { CompareResult } from "@/lib/compare/on-traffic";
import { bytes, count, delay, dollars, seconds, share } from "./format";

const th = "px-2 py-1.5 text-left font-medium whitespace-nowrap";
const td = "px-2 py-1.5 whitespace-nowrap tabular-nums";

/**
 * The what-if figures per day for each way of receiving this traffic: polling at each interval,
 * then webhooks (measured latency), long-polling and the hybrid pattern.
 */
export function PollingTable({ result }: { result: CompareResult }) {
  const { webhook, longPoll, hybrid } = result;
  const pushed = webhook.measuredLatencyMs ? `p50 ${delay(webhook.measuredLatencyMs.p50)}, p99 ${delay(webhook.measuredLatencyMs.p99)}` : "not measured yet";
  return (
    // Focusable: on a narrow screen it scrolls sideways, and keyboards must reach that too.
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800" tabIndex={0} role="region" aria-label="Polling against webhooks, per day">
      <table className="w-full text-sm" data-testid="polling-table">
        <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th className={th} scope="col">Receiving by</th>
            <th className={th} scope="col">Requests / day</th>
            <th className={th} scope="col">Empty</th>
            <th className={th} scope="col">Mean delay</th>
            <th className={th} scope="col">p95</th>
            <th className={th} scope="col">Max</th>
            <th className={th} scope="col">Bytes / day</th>
            <th className={th} scope="col">With ETag</th>
            <th className={th} scope="col">Budget</th>
            <th className={th} scope="col">Cost / day</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {result.polling.map((r) => (
            <tr key={r.intervalSeconds} data-testid="polling-row">
              <th className={`${th} font-normal`} scope="row">Polling every {seconds(r.intervalSeconds)}</th>
              <td className={td}>{count(r.pollsPerDay)}</td>
              <td className={td}>{share(r.emptyShare)}</td>
              <td className={td}>{delay(r.meanDelayMs)}</td>
              <td className={td}>{delay(r.p95DelayMs)}</td>
              <td className={td}>{delay(r.maxDelayMs)}</td>
              <td className={td}>{bytes(r.bytesPerDay)}</td>
              <td className={td}>{bytes(r.bytesPerDayWithEtag)}</td>
              <td className={`${td} ${r.budgetShare > 1 ? "font-medium text-red-700 dark:text-red-400" : ""}`}>{share(r.budgetShare)}</td>
              <td className={td}>{dollars(r.costPerDay)}</td>
            </tr>
          ))}
          <tr className="bg-emerald-50/60 dark:bg-emerald-950/30" data-testid="webhook-row">
            <th className={`${th} font-normal`} scope="row">Webhooks (push)</th>
            <td className={td}>{count(webhook.requestsPerDay)}</td>
            <td className={td}>none</td>
            <td className={td} colSpan={3}>{pushed}{webhook.browserLatencyMs ? `; in the dashboard p50 ${delay(webhook.browserLatencyMs.p50)}` : ""}</td>
            <td className={td} colSpan={2}>summaries only</td>
            <td className={td}>0 %</td>
            <td className={td}>$0</td>
          </tr>
          <tr>
            <th className={`${th} font-normal`} scope="row">Long-polling ({seconds(longPoll.waitSeconds)} wait)</th>
            <td className={td}>{count(longPoll.requestsPerDay)}</td>
            <td className={td}>{longPoll.requestsPerDay ? share(longPoll.timeoutsPerDay / longPoll.requestsPerDay) : "–"}</td>
            <td className={td} colSpan={3}>{longPoll.delayMs ? `about ${delay(longPoll.delayMs.p50)} (p99 ${delay(longPoll.delayMs.p99)})` : "–"}</td>
            <td className={td} colSpan={2} />
            <td className={td}>{share(longPoll.budgetShare)}</td>
            <td className={td}>{dollars(longPoll.costPerDay)}</td>
          </tr>
          <tr>
            <th className={`${th} font-normal`} scope="row">Webhook + one API fetch</th>
            <td className={td}>{count(hybrid.requestsPerDay)}</td>
            <td className={td}>none</td>
            <td className={td} colSpan={3}>{hybrid.delayMs ? `about ${delay(hybrid.delayMs.p50)} (p99 ${delay(hybrid.delayMs.p99)})` : "–"}</td>
            <td className={td} colSpan={2} />
            <td className={td}>{share(hybrid.budgetShare)}</td>
            <td className={td}>{dollars(hybrid.costPerDay)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
