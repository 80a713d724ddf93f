import { Inbox } from "lucide-react";
import { NewEndpointDialog } from "./new-endpoint-dialog";

export function NoEndpoints() {
  return (
    <div className="m-auto max-w-sm p-6 text-center">
      <Inbox className="mx-auto size-10 text-zinc-400" aria-hidden />
      <h1 className="mt-3 text-lg font-semibold">No endpoints</h1>
      <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">An endpoint is a URL that catches webhooks. Create one to get its address.</p>
      <NewEndpointDialog />
    </div>
  );
}
