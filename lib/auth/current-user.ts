import { getServerSession } from "next-auth";
import { getPrisma } from "@/lib/db/client";
import { unauthorized } from "@/lib/http/errors";
import { authOptions } from "./options";

/** The signed-in user's id, or null. A token for a user that no longer exists counts as signed out. */
export async function currentUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getPrisma().user.findUnique({ where: { id }, select: { id: true } });
  return user?.id ?? null;
}

/** For API handlers: the user's id, or a 401 envelope. */
export async function requireUserId(): Promise<string> {
  const id = await currentUserId();
  if (!id) throw unauthorized();
  return id;
}
