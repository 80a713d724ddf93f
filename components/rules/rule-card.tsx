"use client";

import { Pause, Pencil, Play, RotateCcw, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { describeCondition } from "@/lib/conditions/describe";
import { errorMessage } from "@/lib/client/error-message";
import { describeSchedule } from "@/lib/client/rule-draft";
import { useDeleteRule, useRetryFailed, useSaveRule } from "@/lib/client/use-forwarding";
import type { RuleDto } from "@/lib/forwarding/rules";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { RuleDeliveries } from "./rule-deliveries";

/** One rule: what it matches, where it sends, its state (live), and what can be done with it. */
export function RuleCard({ endpointId, rule, onEdit }: { endpointId: string; rule: RuleDto; onEdit: () => void }) {
  const save = useSaveRule(endpointId);
  const remove = useDeleteRule(endpointId);
  const retryFailed = useRetryFailed(endpointId);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const change = (body: Record<string, unknown>, done: string) =>
    save.mutate({ ruleId: rule.id, body }, { onSuccess: () => toast.success(done), onError: (err) => toast.error("The rule was not changed", { description: errorMessage(err) }) });

  return (
    <li data-testid="rule-row" className="space-y-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{rule.name}</span>
        {!rule.enabled && <Badge>off</Badge>}
        {rule.pausedAt && <Badge tone="amber" data-testid="rule-paused" title={rule.pausedReason ?? ""}>paused</Badge>}
        {rule.heldCount > 0 && <Badge tone="amber" data-testid="rule-held">{rule.heldCount} held</Badge>}
        <Button size="sm" variant="ghost" className="ml-auto" onClick={onEdit}><Pencil aria-hidden />Edit</Button>
      </div>
      {rule.pausedAt && <p className="text-xs text-amber-800 dark:text-amber-300">{rule.pausedReason}</p>}
      <p className="font-mono text-xs break-all text-zinc-600 dark:text-zinc-400">→ {rule.targetUrl}</p>
      <ul className="flex flex-wrap gap-1" aria-label="Conditions">
        {rule.conditions.length === 0 ? <li className="text-xs text-zinc-500">every request</li> : rule.conditions.map((c, i) => <li key={i}><Badge tone="indigo">{describeCondition(c)}</Badge></li>)}
      </ul>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{describeSchedule(rule.retry)}</p>
      <div className="flex flex-wrap gap-1.5">
        {rule.pausedAt ? (
          <>
            <Button size="sm" onClick={() => change({ paused: false, held: "release" }, rule.heldCount ? `Resumed; ${rule.heldCount} held sent` : "Rule resumed")}><Play aria-hidden />Resume</Button>
            {rule.heldCount > 0 && <Button size="sm" onClick={() => change({ paused: false, held: "discard" }, "Resumed; held deliveries discarded")}>Resume, discard held</Button>}
          </>
        ) : (
          <Button size="sm" onClick={() => change({ paused: true }, "Rule paused: matching requests are held")}><Pause aria-hidden />Pause</Button>
        )}
        <Button size="sm" onClick={() => change({ enabled: !rule.enabled }, rule.enabled ? "Rule disabled" : "Rule enabled")}>{rule.enabled ? "Disable" : "Enable"}</Button>
        <Button size="sm" aria-expanded={showDeliveries} onClick={() => setShowDeliveries((v) => !v)}>Deliveries</Button>
        <Button
          size="sm"
          onClick={() =>
            retryFailed.mutate(rule.id, {
              onSuccess: (r) => toast.success(r.requeued ? `${r.requeued} failed deliveries queued again` : "No failed deliveries to retry"),
              onError: (err) => toast.error("Could not retry", { description: errorMessage(err) }),
            })
          }
        >
          <RotateCcw aria-hidden />
          Retry failed
        </Button>
        <Button size="sm" variant="danger" onClick={() => setConfirmDelete(true)}><Trash2 aria-hidden />Delete</Button>
      </div>
      {showDeliveries && <RuleDeliveries endpointId={endpointId} ruleId={rule.id} />}
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete rule “${rule.name}”?`}
        description="Nothing more is forwarded by it, and its delivery history is deleted."
        confirmLabel="Delete rule"
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(rule.id, {
            onSuccess: () => { setConfirmDelete(false); toast.success(`Rule “${rule.name}” deleted`); },
            onError: (err) => toast.error("The rule was not deleted", { description: errorMessage(err) }),
          })
        }
      />
    </li>
  );
}
