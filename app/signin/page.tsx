import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth-form";
import { currentUserId } from "@/lib/auth/current-user";
import { githubEnabled } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await currentUserId()) redirect("/endpoints");
  return <AuthForm mode="signin" githubEnabled={githubEnabled} />;
}
