import { verifyPassword } from "@/lib/auth/password";
import { getPrisma } from "@/lib/db/client";
import type { PublicUser } from "./create-user";

// Compared against when the email is unknown, so both failure paths cost one scrypt run and
// response time does not reveal which emails have accounts.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export async function authenticate(email: string, password: string): Promise<PublicUser | null> {
  const user = await getPrisma().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !user.passwordHash || !ok) return null;
  return { id: user.id, email: user.email, name: user.name };
}
