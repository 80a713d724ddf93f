"use client";

import { useState, type FormEvent } from "react";

const field = "w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

const EXAMPLE_CONDITIONS = `[
  { "type": "method", "in": ["POST"] },
  { "type": "json", "path": "type", "op": "equals", "value": "invoice.paid" }
]`;

type Props = { saving: boolean; error?: string; errorField?: string; onSave: (body: Record<string, unknown>) => void };

/**
 * Conditions and the retry policy are edited as JSON: they are structured lists whose full grammar
 * (operators, paths, regexes) is validated server-side, and the 422 names the exact field.
 */
export function RuleForm({ saving, error, errorField, onSave }: Props) {
  const [name, setName] = useState("");
  const [targetUrl, setTargetUrl] = useState("");
  const [conditions, setConditions] = useState("[]");
  const [addHeaders, setAddHeaders] = useState("");
  const [removeHeaders, setRemoveHeaders] = useState("");
  const [timeoutMs, setTimeoutMs] = useState("15000");
  const [retry, setRetry] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    let parsedConditions: unknown;
    let parsedRetry: unknown = null;
    try {
      parsedConditions = JSON.parse(conditions || "[]");
      if (retry.trim()) parsedRetry = JSON.parse(retry);
    } catch {
      setLocalError("Conditions and retry must be valid JSON");
      return;
    }
    setLocalError(null);
    onSave({
      name,
      targetUrl,
      conditions: parsedConditions,
      headers: {
        add: addHeaders.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
          const i = l.indexOf(":");
          return i === -1 ? [l, ""] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
        }),
        remove: removeHeaders.split(",").map((h) => h.trim()).filter(Boolean),
      },
      timeoutMs: Number(timeoutMs),
      retry: parsedRetry,
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-3 text-sm sm:grid-cols-2" data-testid="rule-form">
      <label className="block">Name<input className={field} aria-label="Rule name" value={name} onChange={(e) => setName(e.target.value)} /></label>
      <label className="block">Target URL ({"{path}"} and {"{query}"} allowed)
        <input className={`${field} font-mono`} aria-label="Target URL" placeholder="https://example.com/hooks{path}?{query}" value={targetUrl} onChange={(e) => setTargetUrl(e.target.value)} />
      </label>
      <label className="block sm:col-span-2">Conditions (JSON, all must hold)
        <textarea className={`${field} h-24 font-mono text-xs`} aria-label="Conditions" placeholder={EXAMPLE_CONDITIONS} value={conditions} onChange={(e) => setConditions(e.target.value)} />
      </label>
      <label className="block">Add headers (Name: value per line)
        <textarea className={`${field} h-16 font-mono text-xs`} aria-label="Add headers" value={addHeaders} onChange={(e) => setAddHeaders(e.target.value)} />
      </label>
      <label className="block">Remove headers (comma-separated)
        <input className={field} aria-label="Remove headers" value={removeHeaders} onChange={(e) => setRemoveHeaders(e.target.value)} />
      </label>
      <label className="block">Timeout (ms)<input className={field} aria-label="Timeout" inputMode="numeric" value={timeoutMs} onChange={(e) => setTimeoutMs(e.target.value)} /></label>
      <label className="block">Retry policy (JSON; empty = default schedule)
        <input className={`${field} font-mono text-xs`} aria-label="Retry policy" placeholder='{"count":5,"backoff":"exponential","baseMs":1000,"capMs":60000}' value={retry} onChange={(e) => setRetry(e.target.value)} />
      </label>
      <div className="flex items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={saving} className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white disabled:opacity-60">Create rule</button>
        {(localError || error) && (
          <span role="alert" className="text-red-600" data-field={errorField}>{localError ?? error}</span>
        )}
      </div>
    </form>
  );
}
