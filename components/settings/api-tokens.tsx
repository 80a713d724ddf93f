"use client";

import { KeyRound } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/client/error-message";
import { useEndpoints } from "@/lib/client/use-endpoints";
import { useRevokeToken, useTokens } from "@/lib/client/use-tokens";
import type { TokenDto } from "@/lib/tokens/tokens";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { RelativeTime } from "../ui/relative-time";
import { CreateTokenDialog } from "./create-token-dialog";
import { TokenUsage } from "./token-usage";

/** The user's personal API tokens: what each may do, when it was last used, and revoking it. */
export function ApiTokens() {
  const tokens = useTokens();
  const endpoints = useEndpoints();
  const revoke = useRevokeToken();
  const [revoking, setRevoking] = useState<TokenDto | null>(null);
  const names = new Map(endpoints.data?.map((e) => [e.id, e.name || "Untitled endpoint"]));
  const endpointName = (id: string | null) => (id === null ? "(listing endpoints)" : (names.get(id) ?? "a deleted endpoint"));
  return (
    <section className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" aria-labelledby="tokens" id="api-tokens">
      <div className="flex items-center gap-2">
        <h2 id="tokens" className="flex items-center gap-2 font-medium"><KeyRound className="size-4" aria-hidden />API tokens</h2>
        <span className="ml-auto"><CreateTokenDialog /></span>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        For the pull API (<code className="font-mono">/api/v1</code>, with <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>) and the command-line client.{" "}
        <Link href="/docs/api" className="text-indigo-700 underline underline-offset-2 dark:text-indigo-300" data-testid="api-reference-link">API reference</Link>
      </p>
      {tokens.error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{errorMessage(tokens.error)}</p>}
      {tokens.data?.length === 0 && <p className="text-sm text-zinc-500 dark:text-zinc-400">No tokens yet.</p>}
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="token-list">
        {tokens.data?.map((t) => (
          <li key={t.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-3 text-sm" data-testid="token-row">
            <span className="font-medium">{t.name}</span>
            <code className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{t.prefix}…</code>
            <Badge tone={t.readOnly ? "neutral" : "amber"}>{t.readOnly ? "read-only" : "read and delete"}</Badge>
            <Button size="sm" variant="danger" className="ml-auto" onClick={() => setRevoking(t)}>Revoke</Button>
            <p className="w-full text-xs text-zinc-600 dark:text-zinc-400" data-testid="token-scope">
              {t.endpointIds === null ? "All endpoints, also ones created later" : `Only ${t.endpointIds.map((id) => endpointName(id)).join(", ")}`}
              {" · created "}<RelativeTime iso={t.createdAt} />
              {" · "}{t.lastUsedAt ? <>last used <RelativeTime iso={t.lastUsedAt} /></> : "never used"}
            </p>
            <TokenUsage token={t} endpointName={endpointName} />
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(o) => !o && setRevoking(null)}
        title={`Revoke “${revoking?.name}”?`}
        description="Programs using it stop working at once, open streams included."
        confirmLabel="Revoke token"
        pending={revoke.isPending}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => { toast.success(`Token “${revoking.name}” revoked`); setRevoking(null); },
            onError: (err) => toast.error("The token was not revoked", { description: errorMessage(err) }),
          })
        }
      />
    </section>
  );
}
