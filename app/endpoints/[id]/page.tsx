import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { AppHeader } from "@/components/app-header";
import { EndpointInbox } from "@/components/endpoint-inbox";
import { currentUserId } from "@/lib/auth/current-user";
import { authOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

export default async function EndpointPage({ params }: { params: Promise<{ id: string }> }) {
  if (!(await currentUserId())) redirect("/signin");
  const session = await getServerSession(authOptions);
  const { id } = await params;
  return (
    <div className="flex h-screen flex-col">
      <AppHeader email={session?.user?.email ?? ""} wide />
      <EndpointInbox endpointId={id} />
    </div>
  );
}
