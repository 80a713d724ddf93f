"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import type { FormEvent } from "react";
import { useSignIn, useSignUp } from "@/lib/client/use-auth";
import { Logo } from "./logo";

type Props = { mode: "signin" | "signup"; githubEnabled: boolean };

/** What the product does, in one line, for someone who has never seen it. */
const TAGLINE = "Get a URL for your webhooks, watch every request arrive live and byte-exact, and forward them wherever you need.";

const inputClass =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-700 dark:bg-zinc-900";

export function AuthForm({ mode, githubEnabled }: Props) {
  const router = useRouter();
  const signInMutation = useSignIn();
  const signUpMutation = useSignUp();
  const mutation = mode === "signin" ? signInMutation : signUpMutation;

  // The inputs are uncontrolled and read on submit: what someone typed before the page finished
  // hydrating is what gets sent (controlled inputs would submit React's empty state instead).
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const [email, password, name] = ["email", "password", "name"].map((field) => String(form.get(field) ?? ""));
    const done = { onSuccess: () => { router.push("/endpoints"); router.refresh(); } };
    if (mode === "signin") signInMutation.mutate({ email, password }, done);
    else signUpMutation.mutate({ email, password, name: name || undefined }, done);
  }

  const title = mode === "signin" ? "Sign in to Webhook Inbox" : "Create your Webhook Inbox account";
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center px-4 py-8">
      <Logo className="mb-4 size-10" />
      <p className="mb-6 text-sm text-zinc-600 dark:text-zinc-400" data-testid="tagline">{TAGLINE}</p>
      <h1 className="mb-6 text-2xl font-semibold">{title}</h1>
      {/* method="post": a submit before hydration must not put the password in the URL. */}
      <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
        {mode === "signup" && (
          <label className="block text-sm">
            Name (optional)
            <input className={inputClass} name="name" autoComplete="name" />
          </label>
        )}
        <label className="block text-sm">
          Email
          <input className={inputClass} name="email" type="email" required autoComplete="email" />
        </label>
        <label className="block text-sm">
          Password
          <input
            className={inputClass}
            type="password"
            required
            minLength={8}
            name="password"
            autoComplete={mode === "signin" ? "current-password" : "new-password"}
          />
        </label>
        {mutation.error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
            {mutation.error.message}
          </p>
        )}
        <button
          type="submit"
          disabled={mutation.isPending}
          className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
        >
          {mode === "signin" ? "Sign in" : "Sign up"}
        </button>
      </form>
      {githubEnabled && (
        <button
          type="button"
          onClick={() => signIn("github", { callbackUrl: "/endpoints" })}
          className="mt-3 w-full rounded-md border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700"
        >
          Continue with GitHub
        </button>
      )}
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        {mode === "signin" ? (
          <>No account? <Link className="text-indigo-600 underline dark:text-indigo-400" href="/signup">Sign up</Link></>
        ) : (
          <>Already registered? <Link className="text-indigo-600 underline dark:text-indigo-400" href="/signin">Sign in</Link></>
        )}
      </p>
    </main>
  );
}
