import type { ClientReport, ExperimentReport } from "@/lib/experiments/report";
import { clientLabel } from "./experiment-charts";
import { bytes, count, delay, percentDiff, pointsDiff, share } from "./format";

const th = "px-2 py-1.5 text-left font-medium whitespace-nowrap";
const td = "px-2 py-1.5 whitespace-nowrap tabular-nums align-top";

/** "measured (model x, +d %)": a figure beside its prediction and the difference. */
function Versus({ measured, predicted, diff, format, points }: { measured: string; predicted?: string; diff?: number | null; format?: "warn"; points?: boolean }) {
  return (
    <span>
      <span className="font-medium">{measured}</span>
      {predicted !== undefined && (
        <span className="block text-xs text-zinc-600 dark:text-zinc-400">
          model {predicted}
          {diff !== undefined && <span className={format === "warn" && diff !== null && Math.abs(diff) > 30 ? " text-amber-700 dark:text-amber-400" : ""}>, {points ? pointsDiff(diff) : percentDiff(diff)}</span>}
        </span>
      )}
    </span>
  );
}

function Row({ c }: { c: ClientReport }) {
  const d = c.differences;
  const polling = c.kind === "poll" || c.kind === "longpoll";
  return (
    <tr data-testid="report-row" data-client={c.key}>
      <th className={`${th} font-normal`} scope="row">
        {clientLabel(c)}
        {c.missed > 0 && <span className="block text-xs text-amber-700 dark:text-amber-400">{c.missed} not seen</span>}
      </th>
      <td className={td} data-testid="requests">
        <Versus measured={count(c.requests)} predicted={c.predictedRequests !== undefined ? count(c.predictedRequests) : undefined} diff={d.requests?.differencePercent} format="warn" />
        {c.drainRequests > 0 && <span className="block text-xs text-zinc-600 dark:text-zinc-400">+{c.drainRequests} after the window</span>}
      </td>
      <td className={td}>
        {polling ? <Versus measured={share(c.emptyShare)} predicted={c.predictedEmptyShare !== undefined ? share(c.predictedEmptyShare) : undefined} diff={d.emptyShare?.difference} points /> : "none"}
      </td>
      <td className={td}>{c.kind === "poll" ? count(c.notModified) : "–"}</td>
      <td className={td}>{bytes(c.bytes)}</td>
      <td className={td} data-testid="mean-delay">
        <Versus measured={delay(c.meanDelayMs)} predicted={c.predictedMeanDelayMs != null ? delay(c.predictedMeanDelayMs) : undefined} diff={d.meanDelayMs?.differencePercent} format="warn" />
      </td>
      <td className={td}>{delay(c.p50DelayMs)}</td>
      <td className={td}>{delay(c.p99DelayMs)}</td>
      <td className={td}>{delay(c.maxDelayMs)}</td>
    </tr>
  );
}

/** Each client's measured figures beside the model's predictions, with the differences. */
export function ReportTable({ report }: { report: ExperimentReport }) {
  return (
    // Focusable: on a narrow screen it scrolls sideways, and keyboards must reach that too.
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800" tabIndex={0} role="region" aria-label="Measured against the model">
      <table className="w-full text-sm" data-testid="report-table">
        <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th className={th} scope="col">Client</th>
            <th className={th} scope="col">Requests</th>
            <th className={th} scope="col">Empty</th>
            <th className={th} scope="col">304s</th>
            <th className={th} scope="col">Bytes</th>
            <th className={th} scope="col">Mean delay</th>
            <th className={th} scope="col">p50</th>
            <th className={th} scope="col">p99</th>
            <th className={th} scope="col">Max</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {report.clients.map((c) => <Row key={c.key} c={c} />)}
        </tbody>
      </table>
    </div>
  );
}
