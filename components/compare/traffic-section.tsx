"use client";

import { useMemo, useState } from "react";
import { errorMessage } from "@/lib/client/error-message";
import { type CompareParams, useComparison } from "@/lib/client/use-compare";
import { DelayChart } from "./delay-chart";
import { bytes, delay } from "./format";
import { PollingTable } from "./polling-table";
import { RequestsChart } from "./requests-chart";
import { STANDARD_INTERVALS, TrafficControls } from "./traffic-controls";
import { TrafficChart } from "./traffic-chart";

/** Part 1: what polling would have cost this endpoint's own traffic, beside what pushing it measured. */
export function TrafficSection({ endpointId }: { endpointId: string }) {
  const [params, setParams] = useState<Omit<CompareParams, "intervals">>({ window: "day", budget: 1000, price: 1, ticks: 30 });
  const [custom, setCustom] = useState<number | null>(null);
  const intervals = useMemo(() => [...new Set([...STANDARD_INTERVALS, ...(custom ? [custom] : [])])].sort((a, b) => a - b), [custom]);
  const query = useComparison(endpointId, { ...params, intervals });
  const r = query.data;
  return (
    <section aria-labelledby="on-your-traffic" className="space-y-4">
      <div className="space-y-1">
        <h2 id="on-your-traffic" className="text-lg font-semibold">On your traffic</h2>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          What receiving this endpoint&apos;s requests by polling would have cost, beside the push latency this inbox measured for them.
          A poll sees a request at its first tick after it arrived; pollers start at a random moment, so table figures are averages over
          every possible tick phase. Charts use real ticks from the window&apos;s start.
        </p>
      </div>
      <TrafficControls params={{ ...params, intervals }} custom={custom} onChange={({ intervals: _i, ...p }) => setParams(p)} onCustom={setCustom} />
      {query.error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{errorMessage(query.error)}</p>}
      {!r && !query.error && <p className="text-sm text-zinc-500">Working it out…</p>}
      {r && (
        <div className={`space-y-4 transition-opacity ${query.isPlaceholderData ? "opacity-60" : ""}`} data-testid="compare-result">
          <p className="text-sm" data-testid="compare-summary">
            <strong>{r.events.toLocaleString("en-US")}</strong> {r.events === 1 ? "request" : "requests"} from {new Date(r.from).toLocaleString()} to now
            {r.webhook.measuredLatencyMs
              ? `; push latency measured here: p50 ${delay(r.webhook.measuredLatencyMs.p50)}, p99 ${delay(r.webhook.measuredLatencyMs.p99)} over ${r.webhook.measuredSamples.toLocaleString("en-US")} requests`
              : "; push latency not measured yet (it is, for each request shown live in an open inbox)"}
            {r.webhook.browserLatencyMs && `; arriving in dashboards: p50 ${delay(r.webhook.browserLatencyMs.p50)}`}.
          </p>
          <ul className="space-y-1.5 text-sm" data-testid="verdicts">
            {r.verdicts.map((v) => (
              <li key={v} className="rounded-md border-l-4 border-indigo-400 bg-indigo-50/60 px-3 py-1.5 dark:border-indigo-500 dark:bg-indigo-950/30">{v}</li>
            ))}
          </ul>
          <PollingTable result={r} />
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Bytes: an empty poll answer is {bytes(r.assumptions.emptyListBytes)} and a 304 {bytes(r.assumptions.notModifiedBytes)}
            {r.assumptions.sizesMeasured ? " (measured on this server's /api/v1)" : " (estimates)"}, plus each request&apos;s summary once.
            {r.assumptions.fetchRoundTripMs !== null && ` One API call's round trip here: ${delay(r.assumptions.fetchRoundTripMs)}.`} Per-day figures scale the window to 24 h.
          </p>
          <div className="grid gap-6 xl:grid-cols-2">
            <DelayChart result={r} />
            <RequestsChart result={r} />
          </div>
          <TrafficChart result={r} />
        </div>
      )}
    </section>
  );
}
