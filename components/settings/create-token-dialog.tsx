"use client";

import { Plus, TriangleAlert } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { errorField, errorMessage } from "@/lib/client/error-message";
import { useEndpoints } from "@/lib/client/use-endpoints";
import { useCreateToken } from "@/lib/client/use-tokens";
import { CopyButton } from "../copy-button";
import { Button } from "../ui/button";
import { Dialog, DialogContent, DialogTrigger } from "../ui/dialog";
import { Field } from "../ui/field";
import { Input } from "../ui/input";

/** A new personal token: its name, read-only or not, which endpoints; then the token, shown once. */
export function CreateTokenDialog() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [readOnly, setReadOnly] = useState(true);
  const [scope, setScope] = useState<"all" | "some">("all");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const endpoints = useEndpoints();
  const create = useCreateToken();
  const created = create.data;

  function reset() {
    setName("");
    setReadOnly(true);
    setScope("all");
    setChosen(new Set());
    create.reset();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (create.isPending) return;
    create.mutate(
      { name: name.trim(), readOnly, ...(scope === "some" ? { endpointIds: [...chosen] } : {}) },
      { onSuccess: (t) => toast.success(`Token “${t.name}” created`) },
    );
  }

  const field = errorField(create.error);
  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); if (!o) reset(); }}>
      <DialogTrigger asChild>
        <Button variant="primary" size="sm"><Plus aria-hidden />New token</Button>
      </DialogTrigger>
      <DialogContent title={created ? "Copy your new token" : "New API token"} description={created ? undefined : "For the pull API (/api/v1) and the command-line client."}>
        {created ? (
          <div className="space-y-3" data-testid="new-token">
            <p className="flex items-start gap-2 text-sm text-amber-900 dark:text-amber-200">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              This is the only time the token is shown: the server keeps only a hash of it.
            </p>
            <div className="flex items-center gap-2">
              <code className="min-w-0 flex-1 rounded-md bg-zinc-100 px-2 py-1.5 font-mono text-xs break-all dark:bg-zinc-900" data-testid="token-value">{created.token}</code>
              <CopyButton text={created.token} label="Copy token" />
            </div>
            <div className="flex justify-end">
              <Button variant="primary" onClick={() => setOpen(false)}>Done</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={submit} className="space-y-4">
            <Field label="Name" error={field === "name" ? errorMessage(create.error, { name: "Name" }) : null}>
              <Input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="e.g. laptop CLI" autoFocus />
            </Field>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />
              Read-only (cannot delete requests)
            </label>
            <fieldset className="space-y-2 text-sm">
              <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Endpoints</legend>
              <label className="flex items-center gap-2">
                <input type="radio" name="scope" checked={scope === "all"} onChange={() => setScope("all")} />
                All of mine, also ones created later
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="scope" checked={scope === "some"} onChange={() => setScope("some")} />
                Only these:
              </label>
              {scope === "some" && (
                <ul className="max-h-40 space-y-1 overflow-y-auto pl-6">
                  {endpoints.data?.map((e) => (
                    <li key={e.id}>
                      <label className="flex items-center gap-2">
                        <input
                          type="checkbox"
                          checked={chosen.has(e.id)}
                          onChange={(ev) => setChosen((s) => { const n = new Set(s); if (ev.target.checked) n.add(e.id); else n.delete(e.id); return n; })}
                        />
                        {e.name || "Untitled endpoint"}
                      </label>
                    </li>
                  ))}
                </ul>
              )}
              {field?.startsWith("endpointIds") && <p className="text-xs text-red-700 dark:text-red-400">{errorMessage(create.error, { [field]: "Endpoints" })}</p>}
            </fieldset>
            {create.error && !field && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{errorMessage(create.error)}</p>}
            <div className="flex justify-end">
              <Button type="submit" variant="primary" disabled={create.isPending}>Create token</Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
