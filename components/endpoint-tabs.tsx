import Link from "next/link";

const tab =
  "rounded px-2 py-0.5 text-sm whitespace-nowrap text-zinc-600 hover:text-zinc-900 aria-[current=page]:bg-white aria-[current=page]:font-medium aria-[current=page]:text-zinc-900 aria-[current=page]:shadow-sm dark:text-zinc-400 dark:hover:text-zinc-100 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-zinc-100";

/** An endpoint's two views: its inbox and the polling-versus-webhooks comparison. */
export function EndpointTabs({ endpointId, current }: { endpointId: string; current: "inbox" | "compare" }) {
  return (
    <nav aria-label="Endpoint views" className="flex shrink-0 gap-0.5 rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-900">
      <Link href={`/endpoints/${endpointId}`} className={tab} aria-current={current === "inbox" ? "page" : undefined} data-testid="tab-inbox">
        Inbox
      </Link>
      <Link href={`/endpoints/${endpointId}/compare`} className={tab} aria-current={current === "compare" ? "page" : undefined} data-testid="tab-compare">
        Compare
      </Link>
    </nav>
  );
}
