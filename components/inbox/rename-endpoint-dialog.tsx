"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/client/error-message";
import { useUpdateEndpoint } from "@/lib/client/use-endpoints";
import type { EndpointDto } from "@/lib/endpoints/present";
import { Button } from "../ui/button";
import { Dialog, DialogContent } from "../ui/dialog";
import { Field } from "../ui/field";
import { Input } from "../ui/input";

export function RenameEndpointDialog({ endpoint, open, onOpenChange }: { endpoint: EndpointDto; open: boolean; onOpenChange: (o: boolean) => void }) {
  const [name, setName] = useState(endpoint.name ?? "");
  const update = useUpdateEndpoint(endpoint.id);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (update.isPending) return;
    update.mutate({ name: name.trim() }, {
      onSuccess: () => {
        toast.success("Endpoint renamed");
        onOpenChange(false);
      },
    });
  }
  return (
    <Dialog open={open} onOpenChange={(o) => { onOpenChange(o); if (o) setName(endpoint.name ?? ""); else update.reset(); }}>
      <DialogContent title="Rename endpoint">
        <form onSubmit={submit} className="space-y-4">
          <Field label="Name" error={update.error ? errorMessage(update.error, { name: "Name" }) : null}>
            <Input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoFocus />
          </Field>
          <div className="flex justify-end">
            <Button type="submit" variant="primary" disabled={update.isPending}>Save</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
