"use client";

import { useState, type FormEvent } from "react";
import type { RequestListFilters } from "@/lib/client/query-keys";

const field =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-900 min-w-0";

const EMPTY: RequestListFilters = {};

/** Filter inputs; applies on submit so typing does not fire a query per keystroke. */
export function RequestFilters({ value, onChange, error }: { value: RequestListFilters; onChange: (f: RequestListFilters) => void; error?: string }) {
  const [draft, setDraft] = useState<RequestListFilters>(value);
  const set = (k: keyof RequestListFilters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  function apply(e: FormEvent) {
    e.preventDefault();
    const clean = Object.fromEntries(Object.entries(draft).filter(([, v]) => v && v.trim())) as RequestListFilters;
    // datetime-local has no zone: send it as the browser's local time in ISO form.
    for (const k of ["from", "to"] as const) if (clean[k]) clean[k] = new Date(clean[k]!).toISOString();
    onChange(clean);
  }
  return (
    <form onSubmit={apply} className="grid grid-cols-2 gap-2 border-b border-zinc-200 p-3 dark:border-zinc-800" data-testid="request-filters">
      <input className={field} aria-label="Method filter" placeholder="Methods: POST,PUT" value={draft.method ?? ""} onChange={set("method")} />
      <input className={field} aria-label="Path filter" placeholder="Path contains" value={draft.path ?? ""} onChange={set("path")} />
      <input className={field} aria-label="Header filter" placeholder="Header name[:value]" value={draft.header ?? ""} onChange={set("header")} />
      <input className={field} aria-label="Body filter" placeholder="Body contains" value={draft.body ?? ""} onChange={set("body")} />
      <input className={`${field} col-span-2 font-mono`} aria-label="JSON field filter" placeholder='body.data.object.id:"evt_1"' value={draft.json ?? ""} onChange={set("json")} />
      <label className="flex items-center gap-1 text-xs text-zinc-500">
        From <input type="datetime-local" step="1" className={field} aria-label="From time" value={draft.from ?? ""} onChange={set("from")} />
      </label>
      <label className="flex items-center gap-1 text-xs text-zinc-500">
        To <input type="datetime-local" step="1" className={field} aria-label="To time" value={draft.to ?? ""} onChange={set("to")} />
      </label>
      <div className="col-span-2 flex items-center gap-2">
        <button type="submit" className="rounded-md bg-indigo-600 px-2 py-1 text-xs font-medium text-white">Search</button>
        <button type="button" className="rounded-md border border-zinc-300 px-2 py-1 text-xs dark:border-zinc-700" onClick={() => { setDraft(EMPTY); onChange(EMPTY); }}>
          Reset
        </button>
        {error && <span role="alert" className="text-xs text-red-600">{error}</span>}
      </div>
    </form>
  );
}
