"use client";

import { KeyRound, Plus, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { errorField, errorMessage } from "@/lib/client/error-message";
import { describeSetting, SCHEMES } from "@/lib/client/signature-draft";
import { useAddSecret, useDeleteVerification, useRemoveSecret } from "@/lib/client/use-verifications";
import type { VerificationDto } from "@/lib/verifications/verifications";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Field } from "../ui/field";
import { Input } from "../ui/input";
import { RelativeTime } from "../ui/relative-time";

type Props = { endpointId: string; verification: VerificationDto; onChanged: () => void };
type Confirming = { kind: "setting" } | { kind: "secret"; id: string; hint: string } | null;

/** One verification setting: its options, its secrets (by their last 4 characters), rotation and removal. */
export function VerificationCard({ endpointId, verification: v, onChanged }: Props) {
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState("");
  const [confirming, setConfirming] = useState<Confirming>(null);
  const add = useAddSecret(endpointId);
  const removeSecret = useRemoveSecret(endpointId);
  const remove = useDeleteVerification(endpointId);
  const label = SCHEMES[v.scheme].label;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (add.isPending) return;
    add.mutate(
      { id: v.id, secret },
      {
        onSuccess: () => {
          toast.success("Secret added: it is tried first, the older ones keep verifying until removed");
          setSecret("");
          setAdding(false);
          onChanged();
        },
      },
    );
  }

  return (
    <li data-testid="verification" data-scheme={v.scheme} className="space-y-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-medium">{label}</h3>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">added <RelativeTime iso={v.createdAt} /></span>
        <Button size="sm" variant="danger" className="ml-auto" onClick={() => setConfirming({ kind: "setting" })}><Trash2 aria-hidden />Delete</Button>
      </div>
      <ul className="flex flex-wrap gap-1" aria-label="Options">
        {describeSetting(v).map((d) => <li key={d}><Badge className="font-mono font-normal">{d}</Badge></li>)}
      </ul>
      <ul className="space-y-1" aria-label="Secrets" data-testid="secrets">
        {v.secrets.length === 0 && (
          <li className="text-xs text-zinc-600 dark:text-zinc-400">{"publicKey" in v && v.publicKey ? "No secret: the public key verifies v1a signatures." : "No secret: nothing is verified until one is added."}</li>
        )}
        {v.secrets.map((s, i) => (
          <li key={s.id} data-testid="secret" className="flex flex-wrap items-center gap-2 rounded-md bg-zinc-50 px-2 py-1 dark:bg-zinc-900">
            <KeyRound className="size-3.5 text-zinc-500" aria-hidden />
            <span className="font-mono text-xs" data-testid="secret-hint">••••{s.hint}</span>
            {i === 0 && v.secrets.length > 1 && <Badge tone="indigo">newest, tried first</Badge>}
            <span className="text-xs text-zinc-600 dark:text-zinc-400">added <RelativeTime iso={s.addedAt} /></span>
            <Button size="sm" variant="ghost" className="ml-auto" aria-label={`Remove the secret ending in ${s.hint}`} onClick={() => setConfirming({ kind: "secret", id: s.id, hint: s.hint })}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      {adding ? (
        <form onSubmit={submit} className="flex flex-wrap items-end gap-2" data-testid="add-secret-form" noValidate>
          <Field label="New secret" className="min-w-48 flex-1" error={errorField(add.error) === "secret" ? errorMessage(add.error, { secret: "The secret" }) : null}>
            <Input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" spellCheck={false} className="font-mono text-xs" autoFocus />
          </Field>
          <Button type="submit" size="sm" variant="primary" disabled={add.isPending || !secret}>Save secret</Button>
          <Button size="sm" variant="ghost" onClick={() => { setAdding(false); setSecret(""); add.reset(); }}>Cancel</Button>
          {add.error && errorField(add.error) !== "secret" && <p role="alert" className="w-full text-xs text-red-700 dark:text-red-400">{errorMessage(add.error)}</p>}
        </form>
      ) : (
        <Button size="sm" onClick={() => setAdding(true)}><Plus aria-hidden />Add a secret (rotation)</Button>
      )}
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(o) => !o && setConfirming(null)}
        title={confirming?.kind === "secret" ? `Remove the secret ending in “${confirming.hint}”?` : `Delete the ${label} verification?`}
        description={
          confirming?.kind === "secret"
            ? "Signatures made with it stop verifying for requests that arrive from now on."
            : "New requests are no longer checked against it. Stored requests keep their result until re-checked."
        }
        confirmLabel={confirming?.kind === "secret" ? "Remove secret" : "Delete verification"}
        pending={removeSecret.isPending || remove.isPending}
        onConfirm={() => {
          const done = (message: string) => ({
            onSuccess: () => { setConfirming(null); toast.success(message); onChanged(); },
            onError: (err: unknown) => toast.error("Nothing was changed", { description: errorMessage(err) }),
          });
          if (confirming?.kind === "secret") removeSecret.mutate({ id: v.id, secretId: confirming.id }, done(`Secret ending in “${confirming.hint}” removed`));
          else remove.mutate(v.id, done(`${label} verification deleted`));
        }}
      />
    </li>
  );
}
