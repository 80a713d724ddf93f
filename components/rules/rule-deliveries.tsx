"use client";

import { useRuleDeliveries } from "@/lib/client/use-forwarding";

/** The rule's recent deliveries: which request, its state, and the last attempt's outcome. */
export function RuleDeliveries({ endpointId, ruleId }: { endpointId: string; ruleId: string }) {
  const deliveries = useRuleDeliveries(endpointId, ruleId);
  if (deliveries.isPending) return <p className="text-xs text-zinc-500">Loading…</p>;
  if (!deliveries.data?.length) return <p className="text-xs text-zinc-500">Nothing forwarded yet.</p>;
  return (
    <table className="w-full text-left font-mono text-xs" data-testid="rule-deliveries">
      <thead>
        <tr className="text-zinc-500">
          <th className="pr-3 font-medium">Request</th>
          <th className="pr-3 font-medium">State</th>
          <th className="pr-3 font-medium">Attempts</th>
          <th className="font-medium">Last attempt</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.map((d) => {
          const last = d.attempts[d.attempts.length - 1];
          return (
            <tr key={d.id} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-testid="rule-delivery" data-state={d.state}>
              <td className="truncate pr-3">#{d.request?.seq} {d.request?.method} {d.request?.path}</td>
              <td className="pr-3">{d.state}</td>
              <td className="pr-3">{d.attemptCount}</td>
              <td className="break-all">{last ? `${last.status ?? "no answer"} in ${last.durationMs} ms${last.error ? ` · ${last.error}` : ""}` : "not yet"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
