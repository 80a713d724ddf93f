import { Loader2 } from "lucide-react";
import { CopyButton } from "../copy-button";

export function testCommand(url: string) {
  return `curl -X POST '${url}' -H 'Content-Type: application/json' --data-binary '{"hello":"world"}'`;
}

/** An empty inbox: the URL to paste into a provider and a command to try it, front and centre. */
export function FirstRequestGuide({ url }: { url: string }) {
  const curl = testCommand(url);
  return (
    <div className="m-auto w-full max-w-md space-y-4 p-4 text-sm" data-testid="first-request-guide">
      <div>
        <h2 className="text-base font-semibold">Send your first request</h2>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">
          Paste this URL into your provider&apos;s webhook settings (Stripe, GitHub, Shopify…). Any method and any sub-path work.
        </p>
      </div>
      <div className="space-y-1">
        <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Your URL</p>
        <div className="flex items-center gap-2">
          <code className="min-w-0 flex-1 truncate rounded-md bg-zinc-100 px-2 py-1.5 font-mono text-xs dark:bg-zinc-900" data-testid="guide-url">{url}</code>
          <CopyButton text={url} label="Copy URL" />
        </div>
      </div>
      <div className="space-y-1">
        <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Or try it from a terminal</p>
        <div className="flex items-start gap-2">
          <code className="min-w-0 flex-1 rounded-md bg-zinc-100 px-2 py-1.5 font-mono text-xs break-all dark:bg-zinc-900" data-testid="curl-example">{curl}</code>
          <CopyButton text={curl} label="Copy command" />
        </div>
      </div>
      <p className="flex items-center gap-2 text-zinc-500 dark:text-zinc-400" data-testid="empty-list">
        <Loader2 className="size-4 animate-spin" aria-hidden />
        Waiting for the first request…
      </p>
    </div>
  );
}
