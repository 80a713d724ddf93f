"use client";

import { Check, Trash2, X } from "lucide-react";
import { FIELD_LABELS, OPERATORS, VALUE_HINTS, needsName, needsValue, rowToTerm, type ConditionField, type ConditionRow } from "@/lib/client/rule-draft";
import { SIGNATURE_STATUSES } from "@/lib/conditions/schema";
import { Button } from "../ui/button";
import { Input, Select } from "../ui/input";

type Props = {
  row: ConditionRow;
  index: number;
  error: string | null;
  /** From "Test": whether this condition held for the chosen request. */
  result?: boolean;
  onChange: (row: ConditionRow) => void;
  onRemove: () => void;
};

/** One condition as field, operator and value; below it, the same condition as a search term. */
export function ConditionRowEditor({ row, index, error, result, onChange, onRemove }: Props) {
  const n = index + 1;
  const set = (patch: Partial<ConditionRow>) => onChange({ ...row, ...patch });
  return (
    <li className="space-y-1.5 rounded-md border border-zinc-200 p-2 dark:border-zinc-800" data-testid="condition-row">
      <div className="flex items-center gap-1.5">
        {result !== undefined && (
          <span role="img" aria-label={result ? `condition ${n} holds` : `condition ${n} does not hold`} data-testid="condition-result" data-ok={result}>
            {result ? <Check className="size-4 text-emerald-600" /> : <X className="size-4 text-red-600" />}
          </span>
        )}
        <Select aria-label={`Condition ${n} negation`} className="w-24 shrink-0" value={row.not ? "not" : ""} onChange={(e) => set({ not: e.target.value === "not" })}>
          <option value="">if</option>
          <option value="not">unless</option>
        </Select>
        <Select
          aria-label={`Condition ${n} field`}
          className="w-32 shrink-0"
          value={row.field}
          onChange={(e) => {
            const field = e.target.value as ConditionField;
            set({ field, op: OPERATORS[field][0][0], name: needsName(field) ? row.name : "" });
          }}
        >
          {(Object.keys(FIELD_LABELS) as ConditionField[]).map((f) => <option key={f} value={f}>{FIELD_LABELS[f]}</option>)}
        </Select>
        {needsName(row.field) && (
          <Input
            aria-label={`Condition ${n} ${row.field === "header" ? "header name" : "JSON field"}`}
            className="w-20 flex-1 font-mono text-xs"
            placeholder={row.field === "header" ? "stripe-signature" : "data.object.amount"}
            value={row.name}
            onChange={(e) => set({ name: e.target.value })}
            aria-invalid={error ? true : undefined}
          />
        )}
      </div>
      <div className="flex items-center gap-1.5">
        {OPERATORS[row.field].length > 1 ? (
          <Select aria-label={`Condition ${n} operator`} className="w-36 shrink-0" value={row.op} onChange={(e) => set({ op: e.target.value as ConditionRow["op"] })}>
            {OPERATORS[row.field].map(([op, label]) => <option key={op} value={op}>{label}</option>)}
          </Select>
        ) : (
          <span className="w-36 shrink-0 px-1 text-xs text-zinc-600 dark:text-zinc-400">{OPERATORS[row.field][0][1]}</span>
        )}
        {row.field === "signature" ? (
          <Select aria-label={`Condition ${n} value`} className="w-20 flex-1" value={row.value} onChange={(e) => set({ value: e.target.value })} aria-invalid={error ? true : undefined}>
            <option value="">choose…</option>
            {SIGNATURE_STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
          </Select>
        ) : needsValue(row) ? (
          <Input
            aria-label={`Condition ${n} value`}
            className="w-20 flex-1 font-mono text-xs"
            placeholder={VALUE_HINTS[`${row.field}:${row.op}`] ?? "value"}
            value={row.value}
            onChange={(e) => set({ value: e.target.value })}
            aria-invalid={error ? true : undefined}
          />
        ) : (
          <span className="flex-1" />
        )}
        <Button variant="ghost" size="icon" aria-label={`Remove condition ${n}`} onClick={onRemove}>
          <Trash2 aria-hidden />
        </Button>
      </div>
      {error ? (
        <p className="text-xs text-red-700 dark:text-red-400" data-testid="condition-error">{error}</p>
      ) : (
        <p className="font-mono text-xs text-zinc-500 dark:text-zinc-400" data-testid="condition-term" title="The same condition in the search bar's words">
          {rowToTerm(row)}
        </p>
      )}
    </li>
  );
}
