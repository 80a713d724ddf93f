import Link from "next/link";
import { SignOutButton } from "./sign-out-button";

export function AppHeader({ email, wide = false }: { email: string; wide?: boolean }) {
  return (
    <header className="border-b border-zinc-200 dark:border-zinc-800">
      <div className={`mx-auto flex items-center justify-between px-4 py-3 ${wide ? "" : "max-w-4xl"}`}>
        <Link href="/endpoints" className="font-semibold">Webhook Inbox</Link>
        <div className="flex items-center gap-3 text-sm">
          <span className="text-zinc-600 dark:text-zinc-400" data-testid="current-user">{email}</span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
