"use client";

import { FlaskConical } from "lucide-react";
import { type FormEvent, useState } from "react";
import { errorField, errorMessage } from "@/lib/client/error-message";
import { useStartExperiment } from "@/lib/client/use-experiments";
import type { ExperimentInput, Pattern } from "@/lib/experiments/config";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Input, Select } from "../ui/input";

const PRESETS = [1, 5, 15, 30, 60];
const LABELS = { durationSeconds: "Duration", eventsPerSecond: "Events per second", pattern: "Pattern", pollers: "Clients" };
const check = "size-4 rounded border-zinc-300 accent-indigo-600 dark:border-zinc-700";

/**
 * What to run: how long, how many events a second in which pattern, and which clients watch.
 * The server runs it (closing the page does not stop it); one at a time per person.
 */
export function ExperimentForm({ endpointId, keeps, onStarted, disabled }: { endpointId: string; keeps: number; onStarted: (id: string) => void; disabled: boolean }) {
  const start = useStartExperiment(endpointId);
  const [duration, setDuration] = useState("60");
  const [rate, setRate] = useState("2");
  const [pattern, setPattern] = useState<Pattern>("poisson");
  const [pollers, setPollers] = useState<Record<number, { on: boolean; etag: boolean }>>({ 1: { on: true, etag: false }, 5: { on: true, etag: true } });
  const [other, setOther] = useState("");
  const [longPoll, setLongPoll] = useState(true);
  const [hybrid, setHybrid] = useState(false);
  const [push, setPush] = useState(true);
  const field = errorField(start.error);
  const errorFor = (name: string) => (field?.startsWith(name) ? errorMessage(start.error, LABELS) : null);
  const events = Math.round(Number(duration) * Number(rate)) || 0;

  function submit(e: FormEvent) {
    e.preventDefault();
    const chosen = PRESETS.filter((s) => pollers[s]?.on).map((s) => ({ intervalSeconds: s, etag: Boolean(pollers[s]?.etag) }));
    if (other.trim()) chosen.push({ intervalSeconds: Number(other), etag: false });
    const input: ExperimentInput = { durationSeconds: Number(duration), eventsPerSecond: Number(rate), pattern, pollers: chosen, longPoll, hybrid, push };
    start.mutate(input, { onSuccess: ({ id }) => onStarted(id) });
  }

  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="experiment-form" aria-label="New experiment">
      <div className="flex flex-wrap gap-3">
        <Field label="Duration (s)" error={errorFor("durationSeconds")} hint="10 s to 10 min" className="w-32">
          <Input type="number" min={10} max={600} step={1} value={duration} onChange={(e) => setDuration(e.target.value)} />
        </Field>
        <Field label="Events per second" error={errorFor("eventsPerSecond")} hint="at most 50" className="w-36">
          <Input type="number" min={0.1} max={50} step={0.1} value={rate} onChange={(e) => setRate(e.target.value)} />
        </Field>
        <Field label="Pattern" error={errorFor("pattern")} className="w-44">
          <Select value={pattern} onChange={(e) => setPattern(e.target.value as Pattern)}>
            <option value="poisson">Poisson (random moments)</option>
            <option value="steady">Steady</option>
            <option value="bursts">Bursts (every 5 s)</option>
          </Select>
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Clients</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
          <label className="flex items-center gap-2"><input type="checkbox" className={check} checked={push} onChange={(e) => setPush(e.target.checked)} />Push (SSE)</label>
          <label className="flex items-center gap-2"><input type="checkbox" className={check} checked={longPoll} onChange={(e) => setLongPoll(e.target.checked)} />Long-poller</label>
          <label className="flex items-center gap-2"><input type="checkbox" className={check} checked={hybrid} onChange={(e) => setHybrid(e.target.checked)} />Hybrid (push + fetch)</label>
        </div>
        <div className="flex flex-wrap gap-2 text-sm">
          {PRESETS.map((s) => {
            const p = pollers[s] ?? { on: false, etag: false };
            const set = (next: Partial<typeof p>) => setPollers({ ...pollers, [s]: { ...p, ...next } });
            return (
              <div key={s} className="flex items-center gap-3 rounded-md border border-zinc-200 px-2.5 py-1.5 dark:border-zinc-800">
                <label className="flex items-center gap-2"><input type="checkbox" className={check} checked={p.on} onChange={(e) => set({ on: e.target.checked })} />Poll every {s} s</label>
                <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
                  <input type="checkbox" className={check} checked={p.etag} disabled={!p.on} onChange={(e) => set({ etag: e.target.checked })} aria-label={`ETag for the ${s} s poller`} />
                  ETag
                </label>
              </div>
            );
          })}
          <Field label="Another interval (s)" error={errorFor("pollers")} className="w-40">
            <Input type="number" min={0.5} max={300} step={0.5} value={other} placeholder="e.g. 2" onChange={(e) => setOther(e.target.value)} />
          </Field>
        </div>
      </fieldset>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Sends about {events.toLocaleString("en-US")} webhooks to this endpoint&apos;s URL, marked as experiment traffic (the inbox can hide it, and
        deleting the report deletes it). This endpoint keeps {keeps.toLocaleString("en-US")} requests: older ones make room.
      </p>
      {start.error && !field && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{errorMessage(start.error)}</p>}
      <Button type="submit" variant="primary" disabled={disabled || start.isPending} data-testid="start-experiment">
        <FlaskConical aria-hidden />
        {start.isPending ? "Starting…" : "Start experiment"}
      </Button>
    </form>
  );
}
