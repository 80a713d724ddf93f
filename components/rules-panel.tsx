"use client";

import { ApiError } from "@/lib/client/api";
import { useDeleteRule, useRetryFailed, useRules, useSaveRule } from "@/lib/client/use-forwarding";
import { useState } from "react";
import { RuleDeliveries } from "./rule-deliveries";
import { RuleForm } from "./rule-form";

const small = "rounded-md border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

export function RulesPanel({ endpointId }: { endpointId: string }) {
  const rules = useRules(endpointId);
  const save = useSaveRule(endpointId);
  const remove = useDeleteRule(endpointId);
  const retryFailed = useRetryFailed(endpointId);
  const fieldError = save.error instanceof ApiError ? save.error.field : undefined;
  const [openRule, setOpenRule] = useState<string | null>(null);

  return (
    <section className="space-y-4 border-b border-zinc-200 p-4 dark:border-zinc-800" data-testid="rules-panel">
      <h2 className="font-medium">Forwarding rules</h2>
      {rules.data?.length === 0 && <p className="text-sm text-zinc-500">No rules: captured requests stay here only.</p>}
      <ul className="space-y-2">
        {rules.data?.map((r) => (
          <li key={r.id} data-testid="rule-row" className="flex flex-wrap items-center gap-2 rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800">
            <span className="font-medium">{r.name}</span>
            <code className="min-w-0 truncate font-mono text-xs text-zinc-500">{r.targetUrl}</code>
            {!r.enabled && <span className="rounded bg-zinc-200 px-1.5 text-xs dark:bg-zinc-800">off</span>}
            {r.pausedAt && (
              <span className="rounded bg-amber-100 px-1.5 text-xs text-amber-800 dark:bg-amber-900 dark:text-amber-200" title={r.pausedReason ?? ""} data-testid="rule-paused">
                paused: {r.pausedReason}
              </span>
            )}
            <span className="ml-auto flex gap-1">
              {r.pausedAt && <button type="button" className={small} onClick={() => save.mutate({ ruleId: r.id, body: { paused: false } })}>Resume</button>}
              <button type="button" className={small} onClick={() => save.mutate({ ruleId: r.id, body: { enabled: !r.enabled } })}>{r.enabled ? "Disable" : "Enable"}</button>
              <button type="button" className={small} onClick={() => setOpenRule(openRule === r.id ? null : r.id)}>Deliveries</button>
              <button type="button" className={small} onClick={() => retryFailed.mutate(r.id)}>Retry failed</button>
              <button type="button" className={`${small} text-red-600`} onClick={() => confirm(`Delete rule "${r.name}"?`) && remove.mutate(r.id)}>Delete</button>
            </span>
            {openRule === r.id && (
              <div className="w-full">
                <RuleDeliveries endpointId={endpointId} ruleId={r.id} />
              </div>
            )}
          </li>
        ))}
      </ul>
      <RuleForm saving={save.isPending} error={save.error?.message} errorField={fieldError} onSave={(body) => save.mutate({ body })} />
    </section>
  );
}
