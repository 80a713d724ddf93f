import { redirect } from "next/navigation";
import { AppShell } from "@/components/app-shell";
import { NoEndpoints } from "@/components/no-endpoints";
import { currentSession } from "@/lib/auth/current-user";
import { listEndpoints } from "@/lib/endpoints/queries";

export const dynamic = "force-dynamic";

/** Straight into the newest endpoint's inbox; an empty state only when every endpoint was deleted. */
export default async function EndpointsPage() {
  const session = await currentSession();
  if (!session) redirect("/signin");
  const [newest] = await listEndpoints(session.userId);
  if (newest) redirect(`/endpoints/${newest.id}`);
  return (
    <AppShell email={session.email}>
      <NoEndpoints />
    </AppShell>
  );
}
