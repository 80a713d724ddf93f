"use client";

import { ChevronDown, CircleUser, LogOut, Monitor, Moon, Settings, Sun } from "lucide-react";
import { useRouter } from "next/navigation";
import { useSignOut } from "@/lib/client/use-auth";
import type { Theme } from "@/lib/client/theme";
import { useTheme } from "@/lib/client/use-theme";
import { buttonClass } from "./ui/button";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "./ui/dropdown-menu";

const THEMES: { value: Theme; label: string; Icon: typeof Sun }[] = [
  { value: "light", label: "Light", Icon: Sun },
  { value: "dark", label: "Dark", Icon: Moon },
  { value: "system", label: "System", Icon: Monitor },
];

/** The account menu: who is signed in, settings, theme, sign out. */
export function UserMenu({ email }: { email: string }) {
  const router = useRouter();
  const signOut = useSignOut();
  const { theme, setTheme } = useTheme();
  return (
    <Menu>
      <MenuTrigger className={buttonClass("ghost", "sm", "max-w-56")} aria-label={`Account menu for ${email}`}>
        <CircleUser aria-hidden />
        <span className="truncate max-sm:sr-only" data-testid="current-user">{email}</span>
        <ChevronDown aria-hidden className="max-sm:hidden" />
      </MenuTrigger>
      <MenuContent>
        <MenuLabel>{email}</MenuLabel>
        <MenuItem onSelect={() => router.push("/settings")}><Settings aria-hidden />Settings and API tokens</MenuItem>
        <MenuSeparator />
        <MenuLabel>Theme</MenuLabel>
        {THEMES.map(({ value, label, Icon }) => (
          <MenuItem key={value} onSelect={() => setTheme(value)}>
            <Icon aria-hidden />
            {label}
            {theme === value && <span className="ml-auto text-xs text-zinc-500">current</span>}
          </MenuItem>
        ))}
        <MenuSeparator />
        <MenuItem onSelect={() => signOut.mutate()}><LogOut aria-hidden />Sign out</MenuItem>
      </MenuContent>
    </Menu>
  );
}
