import type { ReactNode } from "react";
import type { LiveStatus } from "@/lib/client/use-live-inbox";
import type { EndpointDto } from "@/lib/endpoints/present";
import { CopyButton } from "../copy-button";
import { EndpointTabs } from "../endpoint-tabs";
import { LiveIndicator } from "./live-indicator";

/** Endpoint name, live state, its URL with a copy button, and the endpoint's actions. */
export function InboxHeader({ endpoint, status, actions }: { endpoint: EndpointDto; status: LiveStatus; actions: ReactNode }) {
  return (
    <div className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1.5 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <div className="flex min-w-0 items-center gap-2">
        <h1 className="truncate text-base font-semibold" data-testid="endpoint-title">{endpoint.name || "Untitled endpoint"}</h1>
        <LiveIndicator status={status} />
        <EndpointTabs endpointId={endpoint.id} current="inbox" />
      </div>
      <div className="order-last flex w-full min-w-0 items-center gap-1.5 md:order-none md:w-auto md:flex-1">
        <code className="min-w-0 flex-1 truncate rounded-md bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-900" data-testid="endpoint-url" title={endpoint.url}>
          {endpoint.url}
        </code>
        <CopyButton text={endpoint.url} label="Copy URL" iconOnly data-testid="copy-url" />
      </div>
      <div className="ml-auto flex items-center gap-1.5">{actions}</div>
    </div>
  );
}
