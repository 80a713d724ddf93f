import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { weakPasswordReason } from "@/lib/auth/password-strength";
import { getPrisma } from "@/lib/db/client";
import { FIRST_ENDPOINT_NAME, newEndpointData } from "@/lib/endpoints/queries";

export const newPassword = z.string().min(8, "must be at least 8 characters").max(1024, "must be at most 1024 characters");

export const signUpInput = z
  .object({
    email: z.email("must be a valid email address").transform((e) => e.toLowerCase()),
    password: newPassword,
    name: z.string().trim().max(100).optional(),
  })
  .superRefine((v, ctx) => {
    const weak = weakPasswordReason(v.password, [v.email, v.email.split("@")[0], v.name ?? ""]);
    if (weak) ctx.addIssue({ code: "custom", path: ["password"], message: weak });
  });
export type SignUpInput = z.infer<typeof signUpInput>;

export type PublicUser = { id: string; email: string; name: string | null };

/**
 * Creates the account. The answer is the same whether or not the email already had one (then
 * nothing changes), and both paths cost one scrypt hash, so sign-up cannot be used to learn who
 * has an account; the new user signs in next, which only succeeds with the account's password.
 * A new account starts with its first endpoint, so the first page after sign-up has a URL to paste.
 */
export async function signUp(input: SignUpInput): Promise<{ email: string; name: string | null }> {
  const passwordHash = await hashPassword(input.password);
  try {
    await getPrisma().user.create({
      data: { email: input.email, name: input.name || null, passwordHash, endpoints: { create: newEndpointData(FIRST_ENDPOINT_NAME) } },
    });
  } catch (err) {
    if ((err as { code?: string }).code !== "P2002") throw err;
  }
  return { email: input.email, name: input.name || null };
}
