"use client";

import { ShieldAlert } from "lucide-react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/client/error-message";
import { useClearRejections } from "@/lib/client/use-endpoints";
import type { EndpointStats } from "@/lib/endpoints/stats";
import { Button } from "../ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "../ui/popover";
import { RelativeTime } from "../ui/relative-time";

const REASONS: Record<string, { label: string; fix: string }> = {
  too_large: { label: "too large (413)", fix: "The body was over MAX_BODY_BYTES; raise it in the server's configuration." },
  rate_limited: { label: "rate limited (429)", fix: "Over the endpoint's rate limit; raise or remove it in Response settings." },
  malformed: { label: "malformed (400)", fix: "The request could not be parsed as HTTP (bad framing or headers)." },
};

/** Requests the inbound URL refused before storing them: why a provider's calls "vanished". */
export function RefusedBanner({ endpointId, rejected }: { endpointId: string; rejected: EndpointStats["rejected"] }) {
  const clear = useClearRejections(endpointId);
  if (rejected.total === 0) return null;
  const summary = rejected.reasons.map((r) => `${r.count.toLocaleString("en-US")} ${REASONS[r.reason]?.label ?? r.reason}`).join(", ");
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-amber-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-950 dark:border-amber-900 dark:bg-amber-950/60 dark:text-amber-100" data-testid="refused-banner">
      <ShieldAlert className="size-4 shrink-0" aria-hidden />
      <span className="min-w-0 flex-1">
        <strong>{rejected.total.toLocaleString("en-US")} refused</strong> and not stored: {summary}
      </span>
      <Popover>
        <PopoverTrigger asChild>
          <Button variant="ghost" size="sm" className="text-amber-950 dark:text-amber-100">Details</Button>
        </PopoverTrigger>
        <PopoverContent className="w-80 space-y-3 text-xs" align="end">
          {rejected.reasons.map((r) => (
            <div key={r.reason} className="space-y-0.5">
              <p className="font-medium">{r.count.toLocaleString("en-US")} {REASONS[r.reason]?.label ?? r.reason}, last <RelativeTime iso={r.lastAt} /></p>
              {r.lastDetail && <p className="font-mono break-all text-zinc-600 dark:text-zinc-400">{r.lastDetail}</p>}
              <p className="text-zinc-600 dark:text-zinc-400">{REASONS[r.reason]?.fix}</p>
            </div>
          ))}
        </PopoverContent>
      </Popover>
      <Button
        variant="ghost"
        size="sm"
        className="text-amber-950 dark:text-amber-100"
        disabled={clear.isPending}
        onClick={() => clear.mutate(undefined, { onError: (err) => toast.error("Could not reset the counts", { description: errorMessage(err) }) })}
      >
        Dismiss
      </Button>
    </div>
  );
}
