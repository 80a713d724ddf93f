"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn, signOut } from "next-auth/react";
import { apiFetch } from "./api";

type Credentials = { email: string; password: string };

async function signInWithPassword({ email, password }: Credentials): Promise<void> {
  const res = await signIn("credentials", { email, password, redirect: false });
  if (!res || res.error) throw new Error("Wrong email or password");
}

export function useSignIn() {
  return useMutation({ mutationFn: signInWithPassword });
}

/** Creates the account, then signs in with it. */
export function useSignUp() {
  return useMutation({
    mutationFn: async (input: Credentials & { name?: string }) => {
      await apiFetch("/api/users", { method: "POST", json: input });
      await signInWithPassword(input);
    },
  });
}

export function useSignOut() {
  return useMutation({ mutationFn: () => signOut({ callbackUrl: "/signin" }) });
}
