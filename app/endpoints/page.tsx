import { redirect } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { EndpointsDashboard } from "@/components/endpoints-dashboard";
import { currentSession } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

export default async function EndpointsPage() {
  const session = await currentSession();
  if (!session) redirect("/signin");
  return (
    <>
      <AppHeader email={session.email} />
      <main className="mx-auto max-w-4xl px-4 py-8">
        <EndpointsDashboard />
      </main>
    </>
  );
}
