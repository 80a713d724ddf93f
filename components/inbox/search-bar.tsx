"use client";

import { Search, X } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { parseQuery } from "@/lib/conditions/query";
import { QueryHelp } from "./query-help";

const DEBOUNCE_MS = 300;

type Props = { value: string; onChange: (q: string) => void; error?: string };

/**
 * One search box in the query language shared with rule conditions. Results follow the typing
 * (debounced); a term that cannot be read is named and nothing is applied until it is fixed. Each
 * active term is a chip that removes it.
 */
export function SearchBar({ value, onChange, error }: Props) {
  const [text, setText] = useState(value);
  const parsed = useMemo(() => parseQuery(text), [text]);
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };

  const apply = (q: string) => {
    if (parseQuery(q).errors.length === 0 && q.trim() !== latest.current.value) latest.current.onChange(q.trim());
  };
  useEffect(() => {
    const t = setTimeout(() => apply(text), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);

  const removeTerm = (start: number, end: number) => {
    const next = `${text.slice(0, start)} ${text.slice(end)}`.replace(/\s+/g, " ").trim();
    setText(next);
    apply(next);
  };
  const problem = parsed.errors[0];
  return (
    <div role="search" className="space-y-1.5 border-b border-zinc-200 p-2 dark:border-zinc-800" data-testid="search-bar">
      <div className="flex items-center gap-1">
        <div className="relative min-w-0 flex-1">
          <Search className="pointer-events-none absolute top-1/2 left-2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
          <input
            ref={input}
            id="request-search"
            type="text"
            autoComplete="off"
            spellCheck={false}
            aria-label="Search requests"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? "request-search-error" : undefined}
            placeholder='method:POST path:/stripe/* body.amount:>4000 "text"'
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") apply(text);
              if (e.key === "Escape") {
                if (text) {
                  setText("");
                  apply("");
                } else input.current?.blur();
              }
            }}
            className="h-8 w-full rounded-md border border-zinc-300 bg-white pr-7 pl-8 font-mono text-xs placeholder:text-zinc-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-900"
          />
          {text && (
            <button type="button" aria-label="Clear the search" onClick={() => { setText(""); apply(""); }} className="absolute top-1/2 right-1.5 -translate-y-1/2 rounded p-0.5 text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200">
              <X className="size-3.5" aria-hidden />
            </button>
          )}
        </div>
        <QueryHelp onExample={(ex) => setText((t) => (t.trim() ? `${t.trim()} ${ex}` : ex))} />
      </div>
      {(problem || error) && (
        <p id="request-search-error" role="alert" className="text-xs text-red-700 dark:text-red-400" data-testid="search-error">
          {problem ? `${problem.message}: “${text.slice(problem.start, problem.end).slice(0, 80)}”` : error}
        </p>
      )}
      {parsed.terms.length > 0 && (
        <ul className="flex flex-wrap gap-1" aria-label="Active filters">
          {parsed.terms.map((t) => (
            <li key={`${t.start}-${t.text}`} data-testid="filter-chip" className="inline-flex max-w-full items-center gap-0.5 rounded-full bg-indigo-50 py-0.5 pr-0.5 pl-2 text-xs text-indigo-900 dark:bg-indigo-950 dark:text-indigo-200">
              <span className="truncate" title={t.text}>{t.label}</span>
              <button type="button" aria-label={`Remove filter ${t.label}`} onClick={() => removeTerm(t.start, t.end)} className="rounded-full p-0.5 hover:bg-indigo-100 dark:hover:bg-indigo-900">
                <X className="size-3" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
