"use client";

import { useDeliveries, useDeliveryAction } from "@/lib/client/use-forwarding";

const STATE_STYLE: Record<string, string> = {
  succeeded: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200",
  retrying: "bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200",
};

/** Where this request was forwarded, and every attempt with the target's answer. */
export function RequestDeliveries({ endpointId, requestId }: { endpointId: string; requestId: string }) {
  const deliveries = useDeliveries(endpointId, requestId);
  const action = useDeliveryAction(endpointId, requestId);
  if (!deliveries.data?.length) return null;
  return (
    <section className="mt-6 space-y-3" data-testid="request-deliveries">
      <h3 className="font-medium">Forwarding</h3>
      {deliveries.data.map((d) => (
        <div key={d.id} data-testid="delivery" data-state={d.state} className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{d.ruleName}</span>
            <span className={`rounded px-1.5 text-xs ${STATE_STYLE[d.state] ?? "bg-zinc-200 dark:bg-zinc-800"}`} data-testid="delivery-state">{d.state}</span>
            {d.nextAttemptAt && d.state === "retrying" && <span className="text-xs text-zinc-500">next attempt {new Date(d.nextAttemptAt).toLocaleTimeString()}</span>}
            <span className="ml-auto flex gap-1">
              {(d.state === "failed" || d.state === "cancelled" || d.state === "retrying") && (
                <button type="button" className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700" onClick={() => action.mutate({ deliveryId: d.id, action: "retry" })}>Retry now</button>
              )}
              {(d.state === "pending" || d.state === "retrying") && (
                <button type="button" className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700" onClick={() => action.mutate({ deliveryId: d.id, action: "cancel" })}>Cancel</button>
              )}
            </span>
          </div>
          <ol className="mt-2 space-y-2">
            {d.attempts.map((a, i) => (
              <li key={i} data-testid="delivery-attempt" className="rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-900">
                <div className="flex flex-wrap gap-3">
                  <span>{new Date(a.startedAt).toLocaleTimeString()}</span>
                  <span data-testid="attempt-status">{a.status ?? "no answer"}</span>
                  <span>{a.durationMs} ms</span>
                  <span className="truncate text-zinc-500">{a.target}</span>
                </div>
                {a.error && <div className="text-red-600" data-testid="attempt-error">{a.error}</div>}
                {a.responseText !== null && a.responseText !== "" && (
                  <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap break-all" data-testid="attempt-response">{a.responseText}</pre>
                )}
              </li>
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
