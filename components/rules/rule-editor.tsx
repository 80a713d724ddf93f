"use client";

import { FlaskConical, Plus, Search } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { errorField, errorMessage } from "@/lib/client/error-message";
import { draftFromRule, draftToBody, newRow, rowsFromQuery, type RuleDraft } from "@/lib/client/rule-draft";
import { useRuleTest, useSaveRule } from "@/lib/client/use-forwarding";
import type { RuleDto } from "@/lib/forwarding/rules";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { ConditionRowEditor } from "./condition-row-editor";
import { HeaderRows } from "./header-rows";
import { RetryField } from "./retry-field";
import { RuleTestResultView } from "./rule-test-result";

type Props = {
  endpointId: string;
  /** The rule to edit; none: a new rule. */
  rule?: RuleDto;
  /** The request selected in the inbox, for "Test". */
  selected: { id: string; seq: number } | null;
  /** The inbox's current search, offered as the rule's conditions. */
  searchQuery: string;
  onDone: () => void;
};

const LABELS: Record<string, string> = { name: "Name", targetUrl: "Target URL", timeoutMs: "Timeout", retry: "Retries", headers: "Headers" };

/** The form's words for a field the API named: "retry.baseMs" -> "Retries", "conditions.2.value" -> "Condition 3". */
function fieldLabels(field: string | undefined): Record<string, string> {
  if (!field) return {};
  const [head, index] = field.replace(/^rule\./, "").split(".");
  return { [field]: head === "conditions" && index !== undefined ? `Condition ${Number(index) + 1}` : (LABELS[head] ?? head) };
}

/** Create or edit a rule: conditions as rows, retries as presets, and a dry run on the selected request. */
export function RuleEditor({ endpointId, rule, selected, searchQuery, onDone }: Props) {
  const [draft, setDraft] = useState<RuleDraft>(() => draftFromRule(rule));
  const [rowErrors, setRowErrors] = useState<(string | null)[]>([]);
  const [importError, setImportError] = useState<string | null>(null);
  const save = useSaveRule(endpointId);
  const test = useRuleTest(endpointId);
  const submitting = useRef(false);
  const patch = (p: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...p }));

  const field = errorField(save.error) ?? errorField(test.error);
  const apiError = save.error ?? test.error;
  const bare = field?.replace(/^rule\./, "");
  const about = (key: string) => bare === key || Boolean(bare?.startsWith(`${key}.`));
  const errorFor = (key: string) => (about(key) ? errorMessage(apiError, fieldLabels(field)) : null);
  const rowError = (i: number) => rowErrors[i] ?? (about(`conditions.${i}`) ? errorMessage(apiError, fieldLabels(field)) : null);
  const placed = Object.keys(LABELS).some(about) || about("conditions");
  const unplaced = apiError && !placed ? errorMessage(apiError) : null;

  function build() {
    const { body, rowErrors: errs } = draftToBody(draft);
    setRowErrors(errs);
    return body;
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    // One save at a time: a double click must not create the rule twice.
    if (submitting.current || save.isPending) return;
    const body = build();
    if (!body) return;
    submitting.current = true;
    save.mutate(
      { ruleId: rule?.id, body },
      {
        onSuccess: (saved) => {
          toast.success(rule ? `Rule “${saved.name}” saved` : `Rule “${saved.name}” created`);
          setDraft(draftFromRule());
          onDone();
        },
        onError: (err) => toast.error(rule ? "The rule was not saved" : "The rule was not created", { description: errorMessage(err, fieldLabels(errorField(err))) }),
        onSettled: () => (submitting.current = false),
      },
    );
  }

  function runTest() {
    const body = build();
    if (!body || !selected) return;
    save.reset();
    test.mutate({ requestId: selected.id, rule: { targetUrl: body.targetUrl, conditions: body.conditions, headers: body.headers } });
  }

  function useSearch() {
    const { rows, error } = rowsFromQuery(searchQuery);
    setImportError(error);
    if (rows.length) patch({ rows: [...draft.rows, ...rows] });
  }

  const results = test.data?.conditions;
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="rule-editor" noValidate>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" error={errorFor("name")}>
          <Input value={draft.name} maxLength={100} onChange={(e) => patch({ name: e.target.value })} placeholder="to staging" />
        </Field>
        <Field label="Target URL" hint="{path} and {query} are replaced by the request's" error={errorFor("targetUrl")}>
          <Input className="font-mono text-xs" value={draft.targetUrl} onChange={(e) => patch({ targetUrl: e.target.value })} placeholder="https://example.com/hooks{path}?{query}" />
        </Field>
      </div>

      <fieldset className="space-y-2">
        <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Forward when all of these hold {draft.rows.length === 0 && <span className="font-normal text-zinc-500">(no conditions: every request)</span>}</legend>
        <ul className="space-y-2">
          {draft.rows.map((row, i) => (
            <ConditionRowEditor
              key={row.id}
              row={row}
              index={i}
              error={rowError(i)}
              result={results?.[i]}
              onChange={(r) => {
                patch({ rows: draft.rows.map((x) => (x.id === r.id ? r : x)) });
                // The row's old error (from the last Test or Save) no longer describes it.
                setRowErrors((errs) => errs.map((e, j) => (j === i ? null : e)));
              }}
              onRemove={() => {
                patch({ rows: draft.rows.filter((x) => x.id !== row.id) });
                setRowErrors((errs) => errs.filter((_, j) => j !== i));
              }}
            />
          ))}
        </ul>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={() => patch({ rows: [...draft.rows, newRow()] })}><Plus aria-hidden />Add condition</Button>
          {searchQuery.trim() && (
            <Button size="sm" variant="ghost" onClick={useSearch} title={searchQuery}><Search aria-hidden />Use the current search</Button>
          )}
        </div>
        {importError && <p className="text-xs text-amber-700 dark:text-amber-400">{importError}</p>}
      </fieldset>

      <RetryField draft={draft} onChange={patch} error={errorFor("retry")} />

      <details className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" open={Boolean(errorFor("headers") || errorFor("timeoutMs"))}>
        <summary className="cursor-pointer text-xs font-medium text-zinc-700 dark:text-zinc-300">Headers and timeout</summary>
        <div className="mt-3 space-y-3">
          <HeaderRows value={draft.addHeaders} onChange={(addHeaders) => patch({ addHeaders })} invalid={Boolean(errorFor("headers"))} />
          <Field label="Remove headers (comma-separated)" error={errorFor("headers")}>
            <Input className="font-mono text-xs" value={draft.removeHeaders} onChange={(e) => patch({ removeHeaders: e.target.value })} placeholder="Cookie, X-Internal" />
          </Field>
          <Field label="Timeout (seconds)" error={errorFor("timeoutMs")}>
            <Input inputMode="decimal" value={draft.timeoutSeconds} onChange={(e) => patch({ timeoutSeconds: e.target.value })} />
          </Field>
        </div>
      </details>

      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => patch({ enabled: e.target.checked })} />
        Enabled
      </label>

      {test.data && <RuleTestResultView result={test.data} seq={selected?.seq ?? null} />}
      {unplaced && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{unplaced}</p>}

      <div className="sticky bottom-0 -mx-4 -mb-4 flex flex-wrap items-center gap-2 border-t border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-950">
        <Button type="submit" variant="primary" disabled={save.isPending}>{rule ? "Save rule" : "Create rule"}</Button>
        <Button onClick={runTest} disabled={!selected || test.isPending} title={selected ? undefined : "Select a request in the inbox first"}>
          <FlaskConical aria-hidden />
          {selected ? `Test against request #${selected.seq}` : "Test (select a request first)"}
        </Button>
        <Button variant="ghost" className="ml-auto" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
