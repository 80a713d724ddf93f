"use client";

import { useState, type FormEvent } from "react";
import type { RequestListFilters } from "@/lib/client/query-keys";

const field =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-900 min-w-0";

const EMPTY: RequestListFilters = {};

/** The search query; applies on submit so typing does not fire a query per keystroke. */
export function RequestFilters({ value, onChange, error }: { value: RequestListFilters; onChange: (f: RequestListFilters) => void; error?: string }) {
  const [draft, setDraft] = useState(value.q ?? "");
  function apply(e: FormEvent) {
    e.preventDefault();
    onChange(draft.trim() ? { q: draft.trim() } : EMPTY);
  }
  return (
    <form onSubmit={apply} className="flex flex-col gap-2 border-b border-zinc-200 p-3 dark:border-zinc-800" data-testid="request-filters">
      <input
        className={`${field} font-mono`}
        aria-label="Search query"
        placeholder="method:POST path:/stripe/* body.data.object.id:evt_1"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
      />
      <div className="flex items-center gap-2">
        <button type="submit" className="rounded-md bg-indigo-600 px-2 py-1 text-xs font-medium text-white">Search</button>
        <button type="button" className="rounded-md border border-zinc-300 px-2 py-1 text-xs dark:border-zinc-700" onClick={() => { setDraft(""); onChange(EMPTY); }}>
          Reset
        </button>
        {error && <span role="alert" className="text-xs text-red-600">{error}</span>}
      </div>
    </form>
  );
}
