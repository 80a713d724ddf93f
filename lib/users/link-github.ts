import { getPrisma } from "@/lib/db/client";
import { FIRST_ENDPOINT_NAME, newEndpointData } from "@/lib/endpoints/queries";

/**
 * Maps a GitHub identity to our user id: an existing link wins; otherwise the account is attached
 * to the user with the same (GitHub-verified primary) email, or a new user is created (with a first
 * endpoint, as at sign-up).
 */
export async function linkGithubAccount(githubId: string, email: string | null, name: string | null): Promise<string> {
  const prisma = getPrisma();
  const existing = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider: "github", providerAccountId: githubId } },
  });
  if (existing) return existing.userId;
  const address = (email ?? `${githubId}@users.noreply.github.com`).toLowerCase();
  const user =
    (await prisma.user.findUnique({ where: { email: address } })) ??
    (await prisma.user.create({ data: { email: address, name, endpoints: { create: newEndpointData(FIRST_ENDPOINT_NAME) } } }));
  await prisma.account.create({ data: { userId: user.id, provider: "github", providerAccountId: githubId } });
  return user.id;
}
