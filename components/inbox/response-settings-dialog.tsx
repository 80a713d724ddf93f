"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { errorField, errorMessage } from "@/lib/client/error-message";
import { useUpdateEndpoint } from "@/lib/client/use-endpoints";
import type { EndpointDto } from "@/lib/endpoints/present";
import { Button } from "../ui/button";
import { Dialog, DialogContent } from "../ui/dialog";
import { Field } from "../ui/field";
import { Input, Textarea } from "../ui/input";

const LABELS = {
  "response.status": "Status",
  "response.delayMs": "Delay",
  maxRequests: "Keep at most",
  rateLimitPerMinute: "Rate limit",
  "response.headers": "Headers",
  "response.body": "Body",
};
type Key = keyof typeof LABELS;

/** Headers are edited as "Name: value" lines, in the order they will be sent. */
export function parseHeaderLines(text: string): [string, string][] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf(":");
      return i === -1 ? [l, ""] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
    });
}

const num = (s: string) => (s.trim() === "" ? null : Number(s));

/** What the inbound URL answers, and how much it keeps. */
export function ResponseSettingsDialog({ endpoint, open, onOpenChange }: { endpoint: EndpointDto; open: boolean; onOpenChange: (o: boolean) => void }) {
  const r = endpoint.response;
  const initial = () => ({
    status: String(r.status), delay: String(r.delayMs), maxRequests: String(endpoint.maxRequests),
    rate: endpoint.rateLimitPerMinute ? String(endpoint.rateLimitPerMinute) : "",
    headers: r.headers.map(([n, v]) => `${n}: ${v}`).join("\n"), body: r.body ?? "",
  });
  const [form, setForm] = useState(initial);
  const update = useUpdateEndpoint(endpoint.id);
  const set = (k: keyof ReturnType<typeof initial>) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const field = errorField(update.error);
  const errorFor = (key: Key) => (field && (field === key || field.startsWith(`${key}.`)) ? errorMessage(update.error, { [field]: LABELS[key] }) : null);
  const unplaced = update.error && !(Object.keys(LABELS) as Key[]).some((k) => errorFor(k)) ? errorMessage(update.error) : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (update.isPending) return;
    update.mutate(
      {
        response: { status: num(form.status), headers: parseHeaderLines(form.headers), body: form.body === "" ? null : form.body, delayMs: num(form.delay) ?? 0 },
        maxRequests: num(form.maxRequests),
        rateLimitPerMinute: num(form.rate),
      },
      {
        onSuccess: () => {
          toast.success("Response settings saved");
          onOpenChange(false);
        },
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={(o) => { onOpenChange(o); if (o) setForm(initial()); else update.reset(); }}>
      <DialogContent title="Response settings" description="What senders get back from this endpoint's URL, and how many requests it keeps.">
        <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" data-testid="response-settings">
          <Field label="Status" error={errorFor("response.status")}><Input inputMode="numeric" value={form.status} onChange={set("status")} /></Field>
          <Field label="Delay (ms)" error={errorFor("response.delayMs")}><Input inputMode="numeric" value={form.delay} onChange={set("delay")} /></Field>
          <Field label="Keep at most (requests)" error={errorFor("maxRequests")}><Input inputMode="numeric" value={form.maxRequests} onChange={set("maxRequests")} /></Field>
          <Field label="Rate limit (per minute)" hint="Empty: no limit" error={errorFor("rateLimitPerMinute")}><Input inputMode="numeric" placeholder="off" value={form.rate} onChange={set("rate")} /></Field>
          <Field label="Headers (Name: value per line)" error={errorFor("response.headers")} className="sm:col-span-2"><Textarea className="h-20" value={form.headers} onChange={set("headers")} /></Field>
          <Field label="Body" hint="Empty: JSON naming the request id" error={errorFor("response.body")} className="sm:col-span-2"><Textarea className="h-24" value={form.body} onChange={set("body")} /></Field>
          {unplaced && <p role="alert" className="text-sm text-red-700 sm:col-span-2 dark:text-red-400">{unplaced}</p>}
          <div className="flex justify-end sm:col-span-2">
            <Button type="submit" variant="primary" disabled={update.isPending}>Save response</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
