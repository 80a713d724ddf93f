"use client";

import { Menu as MenuIcon } from "lucide-react";
import Link from "next/link";
import { HelpMenu } from "./help-menu";
import { Logo } from "./logo";
import { Button } from "./ui/button";
import { UserMenu } from "./user-menu";

type Props = { email: string; onOpenNav: () => void; onShowShortcuts: () => void };

export function AppHeader({ email, onOpenNav, onShowShortcuts }: Props) {
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b border-zinc-200 px-2 sm:px-3 dark:border-zinc-800">
      <Button variant="ghost" size="icon" className="lg:hidden" aria-label="Open the endpoint list" onClick={onOpenNav}>
        <MenuIcon aria-hidden />
      </Button>
      <Link href="/endpoints" prefetch={false} className="flex items-center gap-2 font-semibold">
        <Logo />
        <span className="max-sm:sr-only">Webhook Inbox</span>
      </Link>
      <div className="ml-auto flex items-center gap-1">
        <HelpMenu onShowShortcuts={onShowShortcuts} />
        <UserMenu email={email} />
      </div>
    </header>
  );
}
