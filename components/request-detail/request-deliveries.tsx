"use client";

import { toast } from "sonner";
import { errorMessage } from "@/lib/client/error-message";
import { useDeliveries, useDeliveryAction } from "@/lib/client/use-forwarding";
import type { DeliveryDto } from "@/lib/forwarding/deliveries";
import { Badge, type BadgeTone } from "../ui/badge";
import { Button } from "../ui/button";
import { RelativeTime } from "../ui/relative-time";
import { PairsTable } from "./pairs-table";

const TONE: Record<string, BadgeTone> = { succeeded: "green", failed: "red", retrying: "amber", held: "amber", pending: "indigo", delivering: "indigo", queued: "neutral" };

/** A rule's name; a replay's target; the CLI's result ("Forwarded by CLI: 200 in 12 ms"). */
function deliveryLabel(d: DeliveryDto): string {
  if (d.kind === "cli") {
    const a = d.attempts.at(-1);
    return `Forwarded by CLI: ${a ? `${a.status ?? a.error ?? "no answer"} in ${a.durationMs} ms` : d.state}`;
  }
  if (d.kind === "replay") return `Replay${d.replayJobId ? " (bulk)" : ""}${d.sent?.method || d.sent?.bodyBase64 ? ", edited" : ""}`;
  return d.ruleName ?? "Rule";
}

/** Where this request was forwarded, and every attempt with the target's answer (live: no polling). */
export function RequestDeliveries({ endpointId, requestId }: { endpointId: string; requestId: string }) {
  const deliveries = useDeliveries(endpointId, requestId);
  const action = useDeliveryAction(endpointId, requestId);
  if (!deliveries.data?.length) return null;
  const act = (deliveryId: string, kind: "retry" | "cancel") =>
    action.mutate(
      { deliveryId, action: kind },
      {
        onSuccess: () => toast.success(kind === "retry" ? "Delivery queued again" : "Delivery cancelled"),
        onError: (err) => toast.error(kind === "retry" ? "Could not retry" : "Could not cancel", { description: errorMessage(err) }),
      },
    );
  return (
    <section className="mt-6 space-y-3" data-testid="request-deliveries" aria-label="Forwarding">
      <h3 className="text-sm font-medium">Forwarding</h3>
      {deliveries.data.map((d) => (
        <div key={d.id} data-testid="delivery" data-state={d.state} className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium" data-testid="delivery-label">{deliveryLabel(d)}</span>
            <Badge tone={TONE[d.state] ?? "neutral"} data-testid="delivery-state">{d.state}</Badge>
            {d.nextAttemptAt && d.state === "retrying" && (
              <span className="text-xs text-zinc-500 dark:text-zinc-400">next attempt at {new Date(d.nextAttemptAt).toLocaleTimeString()}</span>
            )}
            <span className="ml-auto flex gap-1">
              {d.kind !== "cli" && (d.state === "failed" || d.state === "cancelled" || d.state === "retrying") && (
                <Button size="sm" disabled={action.isPending} onClick={() => act(d.id, "retry")}>Retry now</Button>
              )}
              {(d.state === "pending" || d.state === "retrying") && (
                <Button size="sm" disabled={action.isPending} onClick={() => act(d.id, "cancel")}>Cancel</Button>
              )}
            </span>
          </div>
          {d.kind === "replay" && d.sent?.headers && (
            <details className="mt-2 text-xs" data-testid="delivery-sent">
              <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">What was sent</summary>
              <p className="mt-1 font-mono">{d.sent.method ?? "(original method)"} {d.sent.url}</p>
              <PairsTable pairs={d.sent.headers} />
              {d.sent.bodyBase64 !== null && <p className="font-mono text-zinc-600 dark:text-zinc-400">Edited body: {atob(d.sent.bodyBase64).length} bytes</p>}
            </details>
          )}
          <ol className="mt-2 space-y-2">
            {d.attempts.map((a, i) => (
              <li key={i} data-testid="delivery-attempt" className="rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-900">
                <div className="flex flex-wrap gap-3">
                  <RelativeTime iso={a.startedAt} />
                  <span data-testid="attempt-status">{a.status ?? "no answer"}</span>
                  <span>{a.durationMs} ms</span>
                  <span className="truncate text-zinc-500 dark:text-zinc-400">{a.target}</span>
                </div>
                {a.error && <div className="text-red-700 dark:text-red-400" data-testid="attempt-error">{a.error}</div>}
                {a.responseText !== null && a.responseText !== "" && (
                  <pre className="mt-1 max-h-40 overflow-auto break-all whitespace-pre-wrap" data-testid="attempt-response">{a.responseText}</pre>
                )}
              </li>
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
