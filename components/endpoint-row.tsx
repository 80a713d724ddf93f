"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { EndpointDto } from "@/lib/endpoints/present";
import { useDeleteEndpoint, useRenameEndpoint } from "@/lib/client/use-endpoints";
import { CopyButton } from "./copy-button";

export function EndpointRow({ endpoint }: { endpoint: EndpointDto }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(endpoint.name ?? "");
  const rename = useRenameEndpoint();
  const remove = useDeleteEndpoint();

  function save(e: FormEvent) {
    e.preventDefault();
    rename.mutate({ id: endpoint.id, name }, { onSuccess: () => setEditing(false) });
  }

  return (
    <li data-testid="endpoint-row" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="flex items-center justify-between gap-3">
        {editing ? (
          <form onSubmit={save} className="flex items-center gap-2">
            <input
              aria-label="Endpoint name"
              autoFocus
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
              className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
            <button type="submit" className="text-sm text-indigo-600">Save</button>
            <button type="button" className="text-sm text-zinc-500" onClick={() => setEditing(false)}>Cancel</button>
          </form>
        ) : (
          <h2 className="font-medium">
            <Link href={`/endpoints/${endpoint.id}`} className="hover:underline" data-testid="endpoint-name">
              {endpoint.name || "Untitled endpoint"}
            </Link>
          </h2>
        )}
        <div className="flex gap-2 text-sm">
          {!editing && <button type="button" onClick={() => setEditing(true)} className="text-zinc-600 hover:underline dark:text-zinc-400">Rename</button>}
          <button
            type="button"
            onClick={() => confirm("Delete this endpoint and everything it captured?") && remove.mutate(endpoint.id)}
            className="text-red-600 hover:underline"
          >
            Delete
          </button>
        </div>
      </div>
      <div className="mt-2 flex items-center gap-2">
        <code data-testid="endpoint-url" className="min-w-0 flex-1 truncate rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-900">
          {endpoint.url}
        </code>
        <CopyButton text={endpoint.url} label="Copy URL" />
      </div>
      {(rename.error || remove.error) && (
        <p role="alert" className="mt-2 text-sm text-red-600">{(rename.error ?? remove.error)?.message}</p>
      )}
    </li>
  );
}
