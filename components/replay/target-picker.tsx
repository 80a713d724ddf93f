"use client";

import { useEffect, useId } from "react";
import type { ReplayTargetChoice } from "@/lib/client/use-replay";
import { useReplayTargets } from "@/lib/client/use-replay";
import { Field } from "../ui/field";
import { Input, Select } from "../ui/input";

export type TargetDraft = { kind: "rule"; ruleId: string } | { kind: "url"; url: string };

export function targetChoice(t: TargetDraft): ReplayTargetChoice {
  return t.kind === "rule" ? { ruleId: t.ruleId } : { targetUrl: t.url.trim() };
}

/** Where a replay goes: one of the endpoint's rule targets, or a URL (the ones used before are suggested). */
export function TargetPicker({ endpointId, value, onChange, error }: { endpointId: string; value: TargetDraft; onChange: (t: TargetDraft) => void; error?: string }) {
  const targets = useReplayTargets(endpointId);
  const listId = useId();
  const recent = targets.data?.recentUrls ?? [];
  const last = recent[0];
  // Start from the URL used last time, once it is known.
  useEffect(() => {
    if (last && value.kind === "url" && value.url === "") onChange({ kind: "url", url: last });
  }, [last]); // only when it arrives: the user's own typing must not be replaced
  return (
    <div className="space-y-2">
      <Field label="Send to">
        <Select
          data-testid="replay-target"
          value={value.kind === "rule" ? value.ruleId : ""}
          onChange={(e) => onChange(e.target.value ? { kind: "rule", ruleId: e.target.value } : { kind: "url", url: recent[0] ?? "" })}
        >
          <option value="">A URL…</option>
          {targets.data?.rules.map((r) => (
            <option key={r.id} value={r.id}>Rule “{r.name}”: {r.targetUrl}</option>
          ))}
        </Select>
      </Field>
      {value.kind === "url" && (
        <Field label="URL" error={error} hint="{path} and {query} are replaced by the request's own. Private and local addresses need FORWARD_ALLOW_CIDRS.">
          <Input
            data-testid="replay-url"
            className="font-mono text-xs"
            list={listId}
            placeholder="https://example.com/hooks{path}"
            value={value.url}
            onChange={(e) => onChange({ kind: "url", url: e.target.value })}
          />
        </Field>
      )}
      <datalist id={listId}>{recent.map((u) => <option key={u} value={u} />)}</datalist>
    </div>
  );
}
