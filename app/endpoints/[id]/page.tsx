import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/app-shell";
import { EndpointInbox } from "@/components/inbox/endpoint-inbox";
import { currentSession } from "@/lib/auth/current-user";
import { headerOrigin } from "@/lib/endpoints/inbound-url";
import { inboxSnapshot } from "@/lib/endpoints/inbox-snapshot";

export const dynamic = "force-dynamic";

export default async function EndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await currentSession();
  if (!session) redirect("/signin");
  const { id } = await params;
  // The endpoint and its newest requests come with the page: the list shows as soon as it hydrates.
  const snapshot = await inboxSnapshot(session.userId, id, headerOrigin(await headers()) ?? "");
  return (
    <AppShell email={session.email} activeEndpointId={id}>
      {/* Keyed: another endpoint starts with a fresh list, selection and live stream. */}
      <EndpointInbox key={id} endpointId={id} initial={snapshot ?? undefined} />
    </AppShell>
  );
}
