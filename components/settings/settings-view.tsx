"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import type { Theme } from "@/lib/client/theme";
import { useTheme } from "@/lib/client/use-theme";
import { ApiTokens } from "./api-tokens";
import { ChangePassword } from "./change-password";

const THEMES: { value: Theme; label: string; Icon: typeof Sun }[] = [
  { value: "light", label: "Light", Icon: Sun },
  { value: "dark", label: "Dark", Icon: Moon },
  { value: "system", label: "Same as the system", Icon: Monitor },
];

const section = "space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800";

/** Account, appearance and API access. */
export function SettingsView({ email }: { email: string }) {
  const { theme, setTheme } = useTheme();
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto w-full max-w-2xl space-y-6 p-4 sm:p-6">
        <h1 className="text-xl font-semibold">Settings</h1>
        <section className={section} aria-labelledby="account">
          <h2 id="account" className="font-medium">Account</h2>
          <p className="text-sm">Signed in as <strong>{email}</strong>.</p>
          <ChangePassword />
        </section>
        <section className={section} aria-labelledby="appearance">
          <h2 id="appearance" className="font-medium">Appearance</h2>
          <fieldset className="flex flex-wrap gap-2">
            <legend className="sr-only">Theme</legend>
            {THEMES.map(({ value, label, Icon }) => (
              <label key={value} className="flex cursor-pointer items-center gap-2 rounded-md border border-zinc-300 px-3 py-2 text-sm has-checked:border-indigo-500 has-checked:bg-indigo-50 has-focus-visible:ring-2 has-focus-visible:ring-indigo-500 dark:border-zinc-700 dark:has-checked:bg-indigo-950/50">
                <input type="radio" name="theme" value={value} checked={theme === value} onChange={() => setTheme(value)} className="sr-only" />
                <Icon className="size-4" aria-hidden />
                {label}
              </label>
            ))}
          </fieldset>
        </section>
        <ApiTokens />
      </div>
    </div>
  );
}
