import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { getPrisma } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";

export const signUpInput = z.object({
  email: z.email("must be a valid email address").transform((e) => e.toLowerCase()),
  password: z.string().min(8, "must be at least 8 characters").max(1024, "must be at most 1024 characters"),
  name: z.string().trim().max(100).optional(),
});
export type SignUpInput = z.infer<typeof signUpInput>;

export type PublicUser = { id: string; email: string; name: string | null };

export async function createUser(input: SignUpInput): Promise<PublicUser> {
  const prisma = getPrisma();
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.user.create({
      data: { email: input.email, name: input.name || null, passwordHash },
      select: { id: true, email: true, name: true },
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") {
      throw new HttpError("conflict", "An account with this email already exists", "email");
    }
    throw err;
  }
}
