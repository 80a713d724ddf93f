"use client";

import { useEffect, useState } from "react";
import type { CompareParams } from "@/lib/client/use-compare";
import { Segmented } from "../request-detail/segmented";
import { Field } from "../ui/field";
import { Input, Select } from "../ui/input";

export const STANDARD_INTERVALS = [1, 5, 15, 30, 60, 300];
const WINDOWS: [CompareParams["window"], string][] = [["hour", "Last hour"], ["day", "Last day"], ["week", "Last 7 days"], ["all", "All"]];

/** A number field that reports a value only once it is a valid one (a half-typed value keeps the last good one). */
function NumberField({ label, value, min, max, step, onChange, hint, testId }: { label: string; value: number | null; min: number; max: number; step: number; onChange: (v: number | null) => void; hint?: string; testId: string }) {
  const [text, setText] = useState(value === null ? "" : String(value));
  useEffect(() => setText(value === null ? "" : String(value)), [value]);
  const n = Number(text);
  const bad = text !== "" && !(n >= min && n <= max);
  return (
    <Field label={label} hint={hint} error={bad ? `Between ${min.toLocaleString("en-US")} and ${max.toLocaleString("en-US")}` : null} className="w-36">
      <Input
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={text}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value === "") onChange(null);
          else if (v >= min && v <= max) onChange(v);
        }}
      />
    </Field>
  );
}

/** The comparison's settings: the window, a custom interval, the rate-limit budget, the price and the interval whose ticks the traffic chart shows. */
export function TrafficControls({ params, custom, onChange, onCustom }: { params: CompareParams; custom: number | null; onChange: (p: CompareParams) => void; onCustom: (s: number | null) => void }) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="space-y-1">
        <span className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">Window</span>
        <Segmented label="Window" value={params.window} options={WINDOWS} onChange={(window) => onChange({ ...params, window })} />
      </div>
      <NumberField label="Custom interval (s)" value={custom} min={0.1} max={86_400} step={0.1} onChange={onCustom} testId="custom-interval" />
      <NumberField label="Rate limit (req/h)" value={params.budget} min={1} max={1_000_000_000} step={100} onChange={(v) => v && onChange({ ...params, budget: v })} testId="budget" />
      <NumberField label="Price per million ($)" value={params.price} min={0} max={1_000_000} step={0.1} onChange={(v) => v !== null && onChange({ ...params, price: v })} testId="price" />
      <Field label="Ticks on the chart" className="w-36">
        <Select value={String(params.ticks)} onChange={(e) => onChange({ ...params, ticks: Number(e.target.value) })} data-testid="tick-interval">
          {[...new Set([...STANDARD_INTERVALS, ...(custom ? [custom] : [])])].sort((a, b) => a - b).map((s) => (
            <option key={s} value={s}>
              every {s < 60 ? `${s} s` : `${s / 60} min`}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
