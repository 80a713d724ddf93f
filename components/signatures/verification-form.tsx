"use client";

import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { errorField, errorMessage } from "@/lib/client/error-message";
import { draftToBody, FIELD_LABELS, newDraft, SCHEME_ORDER, SCHEMES, type DraftField, type SchemeName, type SignatureDraft } from "@/lib/client/signature-draft";
import { useCreateVerification } from "@/lib/client/use-verifications";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Input, Select } from "../ui/input";

const CHOICES: Partial<Record<DraftField, string[]>> = {
  algorithm: ["sha256", "sha1", "sha512"],
  encoding: ["hex", "base64"],
  secretEncoding: ["text", "base64", "hex"],
};

const HINTS: Partial<Record<DraftField, ReactNode>> = {
  timestampHeader: "Leave empty when the sender signs no timestamp.",
  toleranceSeconds: "How old (or how far ahead) a signed timestamp may be.",
  prefix: "Text before the signature in the header, e.g. sha256=",
  payload: "What is signed: {body} (the exact bytes) and {timestamp}. Empty: {timestamp}.{body} with a timestamp header, {body} without.",
  publicKey: "whpk_… Verifies v1a (asymmetric) signatures; then no secret is needed.",
  header: "The header that carries the signature.",
};

const PLACEHOLDERS: Partial<Record<DraftField, string>> = {
  header: "X-Signature",
  timestampHeader: "X-Timestamp",
  prefix: "sha256=",
  payload: "{timestamp}.{body}",
  publicKey: "whpk_…",
};

/** A new verification setting: the provider, its options (server defaults filled in) and the first secret. */
export function VerificationForm({ endpointId, onDone }: { endpointId: string; onDone: (created: boolean) => void }) {
  const [draft, setDraft] = useState<SignatureDraft>(() => newDraft());
  const create = useCreateVerification(endpointId);
  const submitting = useRef(false);
  const field = errorField(create.error);
  const errorFor = (key: string) => (field === key ? errorMessage(create.error, FIELD_LABELS) : null);
  const placed = field !== undefined && field in FIELD_LABELS;
  const info = SCHEMES[draft.scheme];

  function submit(e: FormEvent) {
    e.preventDefault();
    if (submitting.current) return;
    submitting.current = true;
    create.mutate(draftToBody(draft), {
      onSuccess: (v) => {
        toast.success(`${SCHEMES[v.scheme].label} verification added`);
        onDone(true);
      },
      onSettled: () => (submitting.current = false),
    });
  }

  const input = (f: DraftField) => {
    const set = (value: string) => setDraft((d) => ({ ...d, [f]: value }));
    const choices = CHOICES[f];
    return choices ? (
      <Select value={draft[f]} onChange={(e) => set(e.target.value)}>
        {choices.map((c) => <option key={c} value={c}>{c}</option>)}
      </Select>
    ) : (
      <Input
        value={draft[f]}
        onChange={(e) => set(e.target.value)}
        placeholder={PLACEHOLDERS[f]}
        inputMode={f === "toleranceSeconds" ? "numeric" : undefined}
        className={f === "toleranceSeconds" ? "" : "font-mono text-xs"}
        spellCheck={false}
        autoComplete="off"
      />
    );
  };

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="verification-form" noValidate>
      <Field label={FIELD_LABELS.scheme} error={errorFor("scheme")}>
        {/* Another provider starts from its own defaults; the secret typed so far is kept. */}
        <Select
          value={draft.scheme}
          onChange={(e) => {
            setDraft((d) => ({ ...newDraft(e.target.value as SchemeName), secret: d.secret }));
            create.reset(); // the last error was about the other provider's fields
          }}
        >
          {SCHEME_ORDER.map((s) => <option key={s} value={s}>{SCHEMES[s].label}</option>)}
        </Select>
      </Field>
      <Field label={FIELD_LABELS.secret} hint={`${info.secretHint} It is stored encrypted and never shown again.`} error={errorFor("secret")}>
        <Input type="password" value={draft.secret} onChange={(e) => setDraft((d) => ({ ...d, secret: e.target.value }))} autoComplete="new-password" spellCheck={false} className="font-mono text-xs" />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        {info.fields.map((f) => (
          <Field key={`${draft.scheme}-${f}`} label={FIELD_LABELS[f]} hint={HINTS[f]} error={errorFor(f)} className={f === "payload" || f === "publicKey" ? "sm:col-span-2" : ""}>
            {input(f)}
          </Field>
        ))}
      </div>
      {create.error && !placed && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{errorMessage(create.error)}</p>}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={create.isPending}>Add verification</Button>
        <Button variant="ghost" className="ml-auto" onClick={() => onDone(false)}>Cancel</Button>
      </div>
    </form>
  );
}
