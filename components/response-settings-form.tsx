"use client";

import { useState, type FormEvent } from "react";
import type { EndpointDto } from "@/lib/endpoints/present";

const field = "w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

type Props = { endpoint: EndpointDto; saving: boolean; error?: string; onSave: (patch: Record<string, unknown>) => void };

/** Headers are edited as "Name: value" lines, in the order they will be sent. */
function parseHeaderLines(text: string): [string, string][] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf(":");
      return i === -1 ? [l, ""] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
    });
}

export function ResponseSettingsForm({ endpoint, saving, error, onSave }: Props) {
  const r = endpoint.response;
  const [status, setStatus] = useState(String(r.status));
  const [headers, setHeaders] = useState(r.headers.map(([n, v]) => `${n}: ${v}`).join("\n"));
  const [body, setBody] = useState(r.body ?? "");
  const [delay, setDelay] = useState(String(r.delayMs));
  const [maxRequests, setMaxRequests] = useState(String(endpoint.maxRequests));
  const [rate, setRate] = useState(endpoint.rateLimitPerMinute ? String(endpoint.rateLimitPerMinute) : "");

  function submit(e: FormEvent) {
    e.preventDefault();
    onSave({
      response: { status: Number(status), headers: parseHeaderLines(headers), body: body === "" ? null : body, delayMs: Number(delay) },
      maxRequests: Number(maxRequests),
      rateLimitPerMinute: rate.trim() === "" ? null : Number(rate),
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-3 border-b border-zinc-200 p-4 text-sm sm:grid-cols-4 dark:border-zinc-800" data-testid="response-settings">
      <label className="block">Status<input className={field} aria-label="Response status" inputMode="numeric" value={status} onChange={(e) => setStatus(e.target.value)} /></label>
      <label className="block">Delay (ms)<input className={field} aria-label="Response delay" inputMode="numeric" value={delay} onChange={(e) => setDelay(e.target.value)} /></label>
      <label className="block">Keep at most<input className={field} aria-label="Max requests" inputMode="numeric" value={maxRequests} onChange={(e) => setMaxRequests(e.target.value)} /></label>
      <label className="block">Rate limit / min<input className={field} aria-label="Rate limit" inputMode="numeric" placeholder="off" value={rate} onChange={(e) => setRate(e.target.value)} /></label>
      <label className="block sm:col-span-2">Headers (Name: value per line)
        <textarea className={`${field} h-24 font-mono text-xs`} aria-label="Response headers" value={headers} onChange={(e) => setHeaders(e.target.value)} />
      </label>
      <label className="block sm:col-span-2">Body (empty: JSON with the request id)
        <textarea className={`${field} h-24 font-mono text-xs`} aria-label="Response body" value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      <div className="flex items-center gap-3 sm:col-span-4">
        <button type="submit" disabled={saving} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60">Save response</button>
        {error && <span role="alert" className="text-sm text-red-600">{error}</span>}
      </div>
    </form>
  );
}
