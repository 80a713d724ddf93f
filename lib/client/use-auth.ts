"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn, signOut } from "next-auth/react";
import { apiFetch } from "./api";

type Credentials = { email: string; password: string };
const WRONG = "Wrong email or password";

async function signInWithPassword({ email, password }: Credentials): Promise<void> {
  const res = await signIn("credentials", { email, password, redirect: false });
  if (res?.status === 429) throw new Error("Too many sign-in attempts. Wait a minute, then try again.");
  if (!res || res.error) throw new Error(WRONG);
}

export function useSignIn() {
  return useMutation({ mutationFn: signInWithPassword });
}

/** Creates the account, then signs in with it. */
export function useSignUp() {
  return useMutation({
    mutationFn: async (input: Credentials & { name?: string }) => {
      await apiFetch("/api/users", { method: "POST", json: input });
      // Sign-up answers alike whether or not the email had an account (so it cannot be probed);
      // signing in is where a taken email shows.
      await signInWithPassword(input).catch((err: Error) => {
        throw err.message === WRONG ? new Error("Could not sign in with this email and password. If you already have an account, sign in with its password.") : err;
      });
    },
  });
}

export function useSignOut() {
  return useMutation({ mutationFn: () => signOut({ callbackUrl: "/signin" }) });
}
