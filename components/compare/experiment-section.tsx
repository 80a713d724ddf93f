"use client";

import { useEffect, useState } from "react";
import { errorMessage } from "@/lib/client/error-message";
import { useExperimentRun, useExperiments } from "@/lib/client/use-experiments";
import { ExperimentForm } from "./experiment-form";
import { ExperimentView } from "./experiment-view";
import { ReportActions } from "./report-actions";
import { ReportList } from "./report-list";

/** Part 2: run the comparison for real against this inbox, follow it live, and keep the reports. */
export function ExperimentSection({ endpointId, keeps }: { endpointId: string; keeps: number }) {
  const list = useExperiments(endpointId);
  const [selected, setSelected] = useState<string | null>(null);
  const running = list.data?.find((e) => e.state === "running") ?? null;
  // Coming back to the page while one runs (it runs in the server): follow it.
  useEffect(() => {
    if (running && selected === null) setSelected(running.id);
  }, [running, selected]);
  const { view, error } = useExperimentRun(endpointId, selected);
  const item = list.data?.find((e) => e.id === selected);

  return (
    <section aria-labelledby="live-experiment" className="space-y-4">
      <div className="space-y-1">
        <h2 id="live-experiment" className="text-lg font-semibold">Live experiment</h2>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          The server sends real webhooks to this endpoint while real clients watch for them: pollers and a long-poller calling the pull API
          with a short-lived token, a push client on the live stream, and the hybrid client that fetches each pushed event. Every delay is
          measured from the moment a webhook is sent to the moment a client sees it, and the report sets it beside the model.
        </p>
      </div>
      <ExperimentForm endpointId={endpointId} keeps={keeps} onStarted={setSelected} disabled={Boolean(running)} />
      {error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{errorMessage(error)}</p>}
      {view && (
        <ExperimentView
          experiment={view.experiment}
          observations={view.observations}
          endpointId={endpointId}
          actions={<ReportActions endpointId={endpointId} id={view.id} shared={Boolean(item?.shared)} requestsKept={item?.requestsKept ?? 0} onDeleted={() => setSelected(null)} />}
        />
      )}
      <div className="space-y-2">
        <h3 className="text-sm font-medium">Saved reports</h3>
        {list.error ? <p className="text-sm text-red-700 dark:text-red-400">{errorMessage(list.error)}</p> : list.data && <ReportList experiments={list.data} selectedId={selected} onSelect={setSelected} />}
      </div>
    </section>
  );
}
