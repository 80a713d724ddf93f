"use client";

import { errorMessage } from "@/lib/client/error-message";
import { useEndpoint } from "@/lib/client/use-endpoints";
import type { EndpointDto } from "@/lib/endpoints/present";
import { EndpointTabs } from "../endpoint-tabs";
import { ExperimentSection } from "./experiment-section";
import { TrafficSection } from "./traffic-section";

/** An endpoint's Compare tab: polling versus webhooks on its own traffic, and measured live. */
export function CompareView({ endpointId, initial }: { endpointId: string; initial?: EndpointDto }) {
  const endpoint = useEndpoint(endpointId, initial);
  if (endpoint.error) return <p role="alert" className="p-6 text-sm text-red-700 dark:text-red-400">{errorMessage(endpoint.error)}</p>;
  if (!endpoint.data) return <p className="p-6 text-sm text-zinc-500">Loading…</p>;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <h1 className="truncate text-base font-semibold" data-testid="endpoint-title">{endpoint.data.name || "Untitled endpoint"}</h1>
        <EndpointTabs endpointId={endpointId} current="compare" />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto" data-testid="compare-view">
        <div className="mx-auto w-full max-w-7xl space-y-10 p-4 sm:p-6">
          <TrafficSection endpointId={endpointId} />
          <ExperimentSection endpointId={endpointId} keeps={endpoint.data.maxRequests} />
        </div>
      </div>
    </div>
  );
}
