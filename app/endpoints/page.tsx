import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { AppHeader } from "@/components/app-header";
import { EndpointsDashboard } from "@/components/endpoints-dashboard";
import { currentUserId } from "@/lib/auth/current-user";
import { authOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

export default async function EndpointsPage() {
  if (!(await currentUserId())) redirect("/signin");
  const session = await getServerSession(authOptions);
  return (
    <>
      <AppHeader email={session?.user?.email ?? ""} />
      <main className="mx-auto max-w-4xl px-4 py-8">
        <EndpointsDashboard />
      </main>
    </>
  );
}
