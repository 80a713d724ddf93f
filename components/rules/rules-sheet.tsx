"use client";

import { ArrowLeft, Forward, Plus } from "lucide-react";
import { useState } from "react";
import { errorMessage } from "@/lib/client/error-message";
import { useRules } from "@/lib/client/use-forwarding";
import type { ForwardingHealth } from "@/lib/endpoints/stats";
import { HealthDot } from "../health-dot";
import { Button } from "../ui/button";
import { Dialog, DialogContent, DialogTrigger } from "../ui/dialog";
import { RuleCard } from "./rule-card";
import { RuleEditor } from "./rule-editor";

type Props = {
  endpointId: string;
  selected: { id: string; seq: number } | null;
  searchQuery: string;
  health: ForwardingHealth;
};

/** Forwarding rules in a side sheet over the inbox (the list keeps its full height), live from the stream. */
export function RulesSheet({ endpointId, selected, searchQuery, health }: Props) {
  const rules = useRules(endpointId);
  const [editing, setEditing] = useState<string | null>(null); // a rule id, "new", or null for the list
  const rule = editing && editing !== "new" ? rules.data?.find((r) => r.id === editing) : undefined;
  return (
    <Dialog onOpenChange={(open) => !open && setEditing(null)}>
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm" data-testid="open-rules">
          <Forward aria-hidden />
          <span className="max-sm:sr-only">Forwarding</span>
          {health !== "none" && <HealthDot health={health} />}
        </Button>
      </DialogTrigger>
      <DialogContent side="right" title={editing === "new" ? "New forwarding rule" : rule ? `Edit “${rule.name}”` : "Forwarding rules"} description="Matching requests are sent on to another URL, with retries." data-testid="rules-sheet">
        {editing ? (
          <div className="space-y-3">
            <Button variant="ghost" size="sm" onClick={() => setEditing(null)}><ArrowLeft aria-hidden />All rules</Button>
            {/* Keyed: switching rules starts from that rule's saved state. */}
            <RuleEditor key={editing} endpointId={endpointId} rule={rule} selected={selected} searchQuery={searchQuery} onDone={() => setEditing(null)} />
          </div>
        ) : (
          <div className="space-y-3" data-testid="rules-panel">
            <Button variant="primary" size="sm" onClick={() => setEditing("new")}><Plus aria-hidden />New rule</Button>
            {rules.error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{errorMessage(rules.error)}</p>}
            {rules.data?.length === 0 && <p className="text-sm text-zinc-500 dark:text-zinc-400">No rules yet: captured requests stay here only.</p>}
            <ul className="space-y-2">
              {rules.data?.map((r) => <RuleCard key={r.id} endpointId={endpointId} rule={r} onEdit={() => setEditing(r.id)} />)}
            </ul>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
