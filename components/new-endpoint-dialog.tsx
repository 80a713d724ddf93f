"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/client/error-message";
import { useCreateEndpoint } from "@/lib/client/use-endpoints";
import { Button } from "./ui/button";
import { Dialog, DialogContent, DialogTrigger } from "./ui/dialog";
import { Field } from "./ui/field";
import { Input } from "./ui/input";

/** "New endpoint": a name (optional), then straight into the new inbox. */
export function NewEndpointDialog({ onCreated, compact = false }: { onCreated?: () => void; compact?: boolean }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const create = useCreateEndpoint();
  const router = useRouter();

  function submit(e: FormEvent) {
    e.preventDefault();
    if (create.isPending) return;
    create.mutate(name.trim(), {
      onSuccess: (endpoint) => {
        toast.success(`Created “${endpoint.name || "Untitled endpoint"}”`);
        setOpen(false);
        setName("");
        onCreated?.();
        router.push(`/endpoints/${endpoint.id}`);
      },
    });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); if (!o) create.reset(); }}>
      <DialogTrigger asChild>
        {compact ? (
          <Button variant="ghost" size="icon" aria-label="New endpoint"><Plus aria-hidden /></Button>
        ) : (
          <Button variant="primary"><Plus aria-hidden />New endpoint</Button>
        )}
      </DialogTrigger>
      <DialogContent title="New endpoint" description="You get a fresh URL that accepts any method on any sub-path.">
        <form onSubmit={submit} className="space-y-4">
          <Field label="Name (optional)" error={create.error ? errorMessage(create.error, { name: "Name" }) : null}>
            <Input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="e.g. Stripe test mode" autoFocus />
          </Field>
          <div className="flex justify-end">
            <Button type="submit" variant="primary" disabled={create.isPending}>Create endpoint</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
