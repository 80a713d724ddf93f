"use client";

import { useState, type ReactNode } from "react";
import { Segmented } from "./segmented";

/** Children shown per object/array; the pretty view still has everything for huge payloads. */
const MAX_CHILDREN = 500;
/** Paths are joined with a char that JSON keys almost never contain, only used as React state keys. */
const SEP = "\u0000";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const toggleClass =
  "rounded px-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";

function scalar(value: Exclude<Json, Json[] | { [key: string]: Json }>): ReactNode {
  if (typeof value === "string") {
    // JSON.stringify adds the quotes and escapes control chars; React then escapes it as text.
    return <span className="break-all text-emerald-700 dark:text-emerald-400">{JSON.stringify(value)}</span>;
  }
  if (typeof value === "number") {
    const lossy = Number.isInteger(value) && !Number.isSafeInteger(value);
    return (
      <span className="text-sky-700 dark:text-sky-400" title={lossy ? "Larger than JavaScript can hold exactly; see the Raw tab for the sent digits" : undefined}>
        {String(value)}
        {lossy && " ≈"}
      </span>
    );
  }
  return <span className="text-violet-700 dark:text-violet-400">{String(value)}</span>;
}

/**
 * Collapsible JSON viewer. Open/closed state lives here keyed by path (rather than in a
 * component per node) so the tree stays one component and "expand" survives re-renders.
 */
export function JsonTree({ value }: { value: unknown }) {
  const [mode, setMode] = useState<"tree" | "pretty">("tree");
  const [flipped, setFlipped] = useState<Set<string>>(() => new Set());

  function isOpen(key: string, depth: number) {
    return flipped.has(key) !== depth < 2; // top 2 levels open by default
  }
  function flip(key: string) {
    setFlipped((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }

  function node(label: ReactNode, v: Json, key: string, depth: number): ReactNode {
    if (v === null || typeof v !== "object") {
      return (
        <li key={key} className="pl-4">
          {label}
          {scalar(v)}
        </li>
      );
    }
    const isArray = Array.isArray(v);
    const entries: [string, Json][] = isArray ? v.map((item, i) => [String(i), item]) : Object.entries(v);
    const open = isOpen(key, depth);
    const summary = isArray ? `[…] ${entries.length} items` : `{…} ${entries.length} keys`;
    return (
      <li key={key} className="pl-4">
        <button type="button" className={`-ml-4 ${toggleClass}`} aria-expanded={open} aria-label={open ? "Collapse" : "Expand"} onClick={() => flip(key)}>
          <span aria-hidden="true">{open ? "▾" : "▸"}</span>
        </button>
        {label}
        {open ? (
          <>
            <span className="text-zinc-500">{isArray ? "[" : "{"}</span>
            <ul>
              {entries.slice(0, MAX_CHILDREN).map(([k, child]) =>
                node(
                  <span className={isArray ? "text-zinc-400 dark:text-zinc-500" : "break-all text-rose-700 dark:text-rose-300"}>
                    {isArray ? k : JSON.stringify(k)}
                    {": "}
                  </span>,
                  child,
                  `${key}${SEP}${k}`,
                  depth + 1,
                ),
              )}
              {entries.length > MAX_CHILDREN && (
                <li className="pl-4 text-zinc-500">… {entries.length - MAX_CHILDREN} more (switch to pretty to see all)</li>
              )}
            </ul>
            <span className="text-zinc-500">{isArray ? "]" : "}"}</span>
          </>
        ) : (
          <button type="button" className={toggleClass} onClick={() => flip(key)}>
            {summary}
          </button>
        )}
      </li>
    );
  }

  return (
    <div data-testid="json-tree">
      <div className="mb-2">
        <Segmented label="JSON view" value={mode} options={[["tree", "Tree"], ["pretty", "Pretty"]]} onChange={setMode} />
      </div>
      {mode === "pretty" ? (
        <pre className="max-h-[70vh] overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs break-all whitespace-pre-wrap dark:bg-zinc-900">
          {JSON.stringify(value, null, 2)}
        </pre>
      ) : (
        <ul className="max-h-[70vh] overflow-auto rounded-md bg-zinc-50 py-3 pr-3 font-mono text-xs leading-5 dark:bg-zinc-900">
          {node(null, value as Json, "$", 0)}
        </ul>
      )}
    </div>
  );
}
