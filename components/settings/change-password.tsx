"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { apiFetch } from "@/lib/client/api";
import { errorField, errorMessage } from "@/lib/client/error-message";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Input } from "../ui/input";

const LABELS = { currentPassword: "Current password", newPassword: "New password" };

/** Changing the password ends every other session of the account (the server says how many). */
export function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      apiFetch<{ sessionsEnded: number }>("/api/account/password", { method: "POST", json: input }),
  });
  const field = errorField(change.error);
  const errorFor = (key: keyof typeof LABELS) => (field === key ? errorMessage(change.error, LABELS) : null);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (change.isPending) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: ({ sessionsEnded }) => {
          toast.success("Password changed", { description: sessionsEnded ? `Signed out ${sessionsEnded} other session${sessionsEnded === 1 ? "" : "s"}.` : undefined });
          setCurrent("");
          setNext("");
        },
      },
    );
  }
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" data-testid="change-password">
      <Field label="Current password" error={errorFor("currentPassword")}>
        <Input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </Field>
      <Field label="New password" error={errorFor("newPassword")}>
        <Input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
      </Field>
      {change.error && !field && <p role="alert" className="text-sm text-red-700 sm:col-span-2 dark:text-red-400">{errorMessage(change.error)}</p>}
      <div className="sm:col-span-2">
        <Button type="submit" size="sm" disabled={change.isPending || !current || !next}>Change password</Button>
      </div>
    </form>
  );
}
