import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ApiReference } from "@/components/api-docs/api-reference";
import { AppShell } from "@/components/app-shell";
import { currentSession } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API reference" };

export default async function ApiReferencePage() {
  const session = await currentSession();
  if (!session) redirect("/signin");
  return (
    <AppShell email={session.email}>
      <ApiReference />
    </AppShell>
  );
}
