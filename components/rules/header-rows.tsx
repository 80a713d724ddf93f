"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "../ui/button";
import { Input } from "../ui/input";

/** Headers as name/value rows in sending order (a rule's to add, or a replay's whole list). */
export function HeaderRows({ value, onChange, invalid, legend = "Add headers" }: { value: [string, string][]; onChange: (v: [string, string][]) => void; invalid: boolean; legend?: string }) {
  const set = (i: number, pair: [string, string]) => onChange(value.map((p, j) => (j === i ? pair : p)));
  return (
    <fieldset className="space-y-1.5">
      <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">{legend}</legend>
      {value.map(([name, v], i) => (
        <div key={i} className="flex gap-1.5">
          <Input aria-label={`Header ${i + 1} name`} className="font-mono text-xs" placeholder="X-Env" value={name} onChange={(e) => set(i, [e.target.value, v])} aria-invalid={invalid || undefined} />
          <Input aria-label={`Header ${i + 1} value`} className="font-mono text-xs" placeholder="staging" value={v} onChange={(e) => set(i, [name, e.target.value])} aria-invalid={invalid || undefined} />
          <Button variant="ghost" size="icon" aria-label={`Remove header ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}><Trash2 aria-hidden /></Button>
        </div>
      ))}
      <Button size="sm" variant="ghost" onClick={() => onChange([...value, ["", ""]])}><Plus aria-hidden />Add header</Button>
    </fieldset>
  );
}
