"use client";

import { RETRY_PRESETS, describeSchedule, draftRetry, type RuleDraft } from "@/lib/client/rule-draft";
import { retryPolicy } from "@/lib/forwarding/retry-policy";
import { Field } from "../ui/field";
import { Input, Select } from "../ui/input";

type Props = { draft: RuleDraft; onChange: (patch: Partial<RuleDraft>) => void; error: string | null };

/** Retry policy as named presets, or "custom" with its own numbers; the schedule is spelled out. */
export function RetryField({ draft, onChange, error }: Props) {
  const custom = draft.custom;
  const setCustom = (patch: Partial<RuleDraft["custom"]>) => onChange({ custom: { ...custom, ...patch } });
  const policy = draftRetry(draft);
  const valid = policy === null || retryPolicy.safeParse(policy).success;
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Retries</legend>
      <Select aria-label="Retry policy" value={draft.retryPreset} onChange={(e) => onChange({ retryPreset: e.target.value })} aria-invalid={error ? true : undefined}>
        {RETRY_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
        <option value="custom">Custom…</option>
      </Select>
      {draft.retryPreset === "custom" && (
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          <Field label="Retries"><Input inputMode="numeric" value={custom.count} onChange={(e) => setCustom({ count: e.target.value })} /></Field>
          <Field label="Backoff">
            <Select value={custom.backoff} onChange={(e) => setCustom({ backoff: e.target.value as RuleDraft["custom"]["backoff"] })}>
              <option value="fixed">fixed</option>
              <option value="linear">linear</option>
              <option value="exponential">exponential</option>
            </Select>
          </Field>
          <Field label="First wait (s)"><Input inputMode="decimal" value={custom.baseSeconds} onChange={(e) => setCustom({ baseSeconds: e.target.value })} /></Field>
          <Field label="Longest wait (s)" hint="optional"><Input inputMode="decimal" placeholder="none" value={custom.capSeconds} onChange={(e) => setCustom({ capSeconds: e.target.value })} /></Field>
        </div>
      )}
      {error ? (
        <p className="text-xs text-red-700 dark:text-red-400">{error}</p>
      ) : (
        valid && <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="retry-schedule">{describeSchedule(policy)}</p>
      )}
    </fieldset>
  );
}
