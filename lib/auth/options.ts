import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GithubProvider from "next-auth/providers/github";
import { authenticate } from "@/lib/users/authenticate";
import { revokeSession, startSession } from "./session";
import { decodeSessionJwt } from "./session-jwt";
import { authThrottle } from "./throttle";
import { linkGithubAccount } from "@/lib/users/link-github";

/** GitHub sign-in is offered only when both variables are set (validated in lib/config/env.ts). */
export const githubEnabled = Boolean(process.env.GITHUB_ID && process.env.GITHUB_SECRET);

export const authOptions: NextAuthOptions = {
  // server.ts puts the configured or generated secret here before Next loads.
  secret: process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET,
  // Credentials sign-in requires JWT sessions in next-auth 4.
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  // next-auth's own encode; its decode with the derived key kept (lib/auth/session-jwt.ts says why).
  jwt: { decode: decodeSessionJwt },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        const user = await authenticate(credentials.email, credentials.password);
        if (!user) authThrottle().failed(credentials.email);
        return user;
      },
    }),
    ...(githubEnabled
      ? [GithubProvider({ clientId: process.env.GITHUB_ID!, clientSecret: process.env.GITHUB_SECRET! })]
      : []),
  ],
  events: {
    async signOut({ token }) {
      if (token?.sid) await revokeSession(token.sid);
    },
  },
  callbacks: {
    async jwt({ token, user, account, profile }) {
      if (account?.provider === "github") {
        token.uid = await linkGithubAccount(account.providerAccountId, user?.email ?? null, profile?.name ?? null);
      } else if (user) {
        token.uid = user.id;
      }
      // A fresh sign-in (user is set only then) starts a server-side session that can be revoked.
      if (user && token.uid) token.sid = await startSession(token.uid);
      return token;
    },
    async session({ session, token }) {
      if (session.user && typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
};
