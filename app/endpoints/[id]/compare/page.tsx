import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/app-shell";
import { CompareView } from "@/components/compare/compare-view";
import { currentSession } from "@/lib/auth/current-user";
import { headerOrigin } from "@/lib/endpoints/inbound-url";
import { presentEndpoint } from "@/lib/endpoints/present";
import { getEndpoint } from "@/lib/endpoints/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Polling vs webhooks" };

export default async function ComparePage({ params }: { params: Promise<{ id: string }> }) {
  const session = await currentSession();
  if (!session) redirect("/signin");
  const { id } = await params;
  const endpoint = await getEndpoint(session.userId, id).catch(() => null);
  return (
    <AppShell email={session.email} activeEndpointId={id}>
      <CompareView key={id} endpointId={id} initial={endpoint ? presentEndpoint(endpoint, headerOrigin(await headers()) ?? "") : undefined} />
    </AppShell>
  );
}
