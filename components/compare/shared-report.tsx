"use client";

import type { ExperimentView as View } from "@/lib/client/use-experiments";
import { Logo } from "../logo";
import { ExperimentView } from "./experiment-view";

/** A shared experiment report, read-only: the owner's view without the owner's controls. */
export function SharedReport({ experiment }: { experiment: View }) {
  return (
    <main className="mx-auto w-full max-w-7xl space-y-4 p-4 sm:p-6">
      <div className="flex items-center gap-2">
        <Logo />
        <h1 className="text-lg font-semibold">Polling versus webhooks, measured</h1>
      </div>
      <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400" suppressHydrationWarning>
        A live experiment run by Webhook Inbox{experiment.finishedAt ? ` on ${new Date(experiment.finishedAt).toLocaleString()}` : ""}: real webhooks sent to an
        inbox while real clients watched for them. Delays run from the moment a webhook was sent to the moment each client saw it.
      </p>
      <ExperimentView experiment={experiment} observations={experiment.samples?.observations ?? []} />
    </main>
  );
}
