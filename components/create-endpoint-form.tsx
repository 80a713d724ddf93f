"use client";

import { useState, type FormEvent } from "react";

type Props = { pending: boolean; error?: string; onCreate: (name: string) => void };

export function CreateEndpointForm({ pending, error, onCreate }: Props) {
  const [name, setName] = useState("");
  function submit(e: FormEvent) {
    e.preventDefault();
    onCreate(name.trim());
    setName("");
  }
  return (
    <form onSubmit={submit} className="flex items-center gap-2">
      <input
        aria-label="New endpoint name"
        placeholder="Name (optional)"
        value={name}
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
        className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        Create endpoint
      </button>
      {error && <span role="alert" className="text-sm text-red-600">{error}</span>}
    </form>
  );
}
