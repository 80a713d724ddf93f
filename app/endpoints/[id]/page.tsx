import { redirect } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { EndpointInbox } from "@/components/endpoint-inbox";
import { currentSession } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

export default async function EndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await currentSession();
  if (!session) redirect("/signin");
  const { id } = await params;
  return (
    <div className="flex h-screen flex-col">
      <AppHeader email={session.email} wide />
      <EndpointInbox endpointId={id} />
    </div>
  );
}
