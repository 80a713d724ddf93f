import { headers } from "next/headers";
import { unauthorized } from "@/lib/http/errors";
import { readSession, type SignedIn } from "./session";

/** The signed-in session of the request being served (pages and route handlers), or null. */
export async function currentSession(): Promise<SignedIn | null> {
  return readSession((await headers()).get("cookie"));
}

/** The signed-in user's id, or null. A revoked session or a deleted user counts as signed out. */
export async function currentUserId(): Promise<string | null> {
  return (await currentSession())?.userId ?? null;
}

/** For API handlers: the user's id, or a 401 envelope. */
export async function requireUserId(): Promise<string> {
  const id = await currentUserId();
  if (!id) throw unauthorized();
  return id;
}
