import type { RequestListFilters } from "@/lib/client/query-keys";
import type { LiveStatus } from "@/lib/client/use-live-requests";
import type { EndpointDto } from "@/lib/endpoints/present";
import { CopyButton } from "./copy-button";
import { LiveIndicator } from "./live-indicator";

type Props = {
  endpoint: EndpointDto;
  status: LiveStatus;
  unread: number;
  filters: RequestListFilters;
  onMarkRead: () => void;
  onClear: () => void;
  onToggleSettings: () => void;
  onToggleRules: () => void;
};

const button = "rounded-md border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

function exportUrl(endpointId: string, format: "json" | "har", filters: RequestListFilters) {
  const params = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  return `/api/endpoints/${endpointId}/export?${params}`;
}

export function InboxHeader({ endpoint, status, unread, filters, onMarkRead, onClear, onToggleSettings, onToggleRules }: Props) {
  const curl = `curl -X POST '${endpoint.url}' -H 'Content-Type: application/json' --data-binary '{"hello":"world"}'`;
  return (
    <div className="space-y-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold" data-testid="endpoint-title">{endpoint.name || "Untitled endpoint"}</h1>
        <LiveIndicator status={status} />
        {unread > 0 && (
          <button type="button" onClick={onMarkRead} className="rounded-full bg-indigo-600 px-2 py-0.5 text-xs font-medium text-white" data-testid="unread-count">
            {unread} new
          </button>
        )}
        <div className="ml-auto flex flex-wrap gap-2">
          <a className={button} href={exportUrl(endpoint.id, "json", filters)} download>Export JSON</a>
          <a className={button} href={exportUrl(endpoint.id, "har", filters)} download>Export HAR</a>
          <button type="button" className={button} onClick={onToggleRules}>Forwarding</button>
          <button type="button" className={button} onClick={onToggleSettings}>Response settings</button>
          <button type="button" className={`${button} text-red-600`} onClick={() => confirm("Delete every captured request of this endpoint?") && onClear()}>
            Clear all
          </button>
        </div>
      </div>
      <div className="flex min-w-0 items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-900" data-testid="endpoint-url">{endpoint.url}</code>
        <CopyButton text={endpoint.url} label="Copy URL" />
      </div>
      <div className="flex min-w-0 items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded bg-zinc-100 px-2 py-1 font-mono text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400" data-testid="curl-example">{curl}</code>
        <CopyButton text={curl} label="Copy curl" />
      </div>
    </div>
  );
}
