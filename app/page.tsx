import { redirect } from "next/navigation";
import { currentUserId } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await currentUserId()) ? "/endpoints" : "/signin");
}
