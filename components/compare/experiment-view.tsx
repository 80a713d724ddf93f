"use client";

import { Ban } from "lucide-react";
import type { ReactNode } from "react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/client/error-message";
import { type ExperimentView as View, useCancelExperiment } from "@/lib/client/use-experiments";
import type { Observation } from "@/lib/experiments/report";
import { clientSpecs } from "@/lib/experiments/client-specs";
import { Badge, type BadgeTone } from "../ui/badge";
import { Button } from "../ui/button";
import { LatencyScatter, RequestTimeline } from "./experiment-charts";
import { describeConfig } from "./experiment-summary";
import { count } from "./format";
import { ReportTable } from "./report-table";

export const STATE_TONES: Record<View["state"], BadgeTone> = { running: "indigo", finished: "green", cancelled: "amber", failed: "red" };

/**
 * One experiment: while it runs, its progress, live charts and the figures so far (with Cancel);
 * once ended, the report beside the model's predictions. `actions` are the owner's (export,
 * share, delete); a shared link shows none.
 */
export function ExperimentView({ experiment: e, observations, endpointId, actions }: { experiment: View; observations: Observation[]; endpointId?: string; actions?: ReactNode }) {
  const running = e.state === "running";
  const clients = e.report?.clients ?? clientSpecs(e.config);
  const timeline = running ? (e.live?.timeline ?? []) : (e.samples?.timeline ?? []);
  const elapsed = Math.min(e.live?.elapsedMs ?? 0, e.config.durationSeconds * 1000);
  return (
    <section className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="experiment-view" data-state={e.state} aria-label="Experiment">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={STATE_TONES[e.state]} data-testid="experiment-state">{e.state}</Badge>
        <span className="text-sm">{describeConfig(e.config)}</span>
        <div className="ml-auto flex flex-wrap gap-1.5">{running && endpointId ? <CancelButton endpointId={endpointId} id={e.id} /> : actions}</div>
      </div>
      {running && (
        <div className="space-y-1">
          <div className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-label="Experiment progress" aria-valuemin={0} aria-valuemax={e.config.durationSeconds} aria-valuenow={Math.round(elapsed / 1000)}>
            <div className="h-full bg-indigo-500 transition-[width]" style={{ width: `${(elapsed / (e.config.durationSeconds * 1000)) * 100}%` }} />
          </div>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {Math.round(elapsed / 1000)} of {e.config.durationSeconds} s; {count(e.report?.events ?? 0)} events accepted so far. It runs in the server: you can close this page.
          </p>
        </div>
      )}
      {e.error && <p className="text-sm text-amber-800 dark:text-amber-300">Stopped: {e.error}.</p>}
      {e.report && (
        <>
          <p className="text-sm" data-testid="experiment-events">
            {count(e.report.events)} events accepted{e.report.failedSends ? `, ${count(e.report.failedSends)} refused` : ""}
            {e.report.roundTripMs !== null && `; API round trip ${e.report.roundTripMs.toFixed(1)} ms (median)`}.
          </p>
          <ReportTable report={e.report} />
        </>
      )}
      <div className="grid gap-6 xl:grid-cols-2">
        <LatencyScatter clients={clients} observations={observations} />
        <RequestTimeline clients={clients} timeline={timeline} />
      </div>
    </section>
  );
}

function CancelButton({ endpointId, id }: { endpointId: string; id: string }) {
  const cancel = useCancelExperiment(endpointId);
  return (
    <Button
      variant="danger"
      size="sm"
      disabled={cancel.isPending}
      data-testid="cancel-experiment"
      onClick={() => cancel.mutate(id, { onError: (err) => toast.error("Could not cancel the experiment", { description: errorMessage(err) }) })}
    >
      <Ban aria-hidden />
      Cancel
    </Button>
  );
}
