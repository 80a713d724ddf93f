import { z } from "zod";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { revokeOtherSessions, type SignedIn } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";
import { newPassword } from "./create-user";

export const changePasswordInput = z.object({ currentPassword: z.string().max(1024), newPassword });

/**
 * Sets a new password and ends every other session of the account (a password change is what
 * someone does when they fear a session or the old password leaked); the session making the
 * change stays signed in. Returns how many sessions were ended.
 */
export async function changePassword(session: SignedIn, input: z.infer<typeof changePasswordInput>): Promise<number> {
  const prisma = getPrisma();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: session.userId } });
  if (!user.passwordHash) throw new HttpError("validation_failed", "currentPassword: this account signs in with GitHub and has no password", "currentPassword");
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new HttpError("validation_failed", "currentPassword: does not match your current password", "currentPassword");
  }
  const weak = weakPasswordReason(input.newPassword, [user.email, user.email.split("@")[0], user.name ?? ""]);
  if (weak) throw new HttpError("validation_failed", `newPassword: ${weak}`, "newPassword");
  await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.newPassword) } });
  return revokeOtherSessions(user.id, session.sessionId);
}
