"use client";

import { useState, type ReactNode } from "react";
import { useShortcuts } from "@/lib/client/use-shortcuts";
import { AppHeader } from "./app-header";
import { EndpointSidebar } from "./endpoint-sidebar";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { Dialog, DialogContent } from "./ui/dialog";

/**
 * Every signed-in page: header, the endpoint sidebar (a drawer below 1024 px) and the page in
 * <main>. A skip link jumps past both to the page's own content.
 */
export function AppShell({ email, activeEndpointId, children }: { email: string; activeEndpointId?: string; children: ReactNode }) {
  const [navOpen, setNavOpen] = useState(false);
  const [shortcuts, setShortcuts] = useState(false);
  useShortcuts({ "?": () => setShortcuts(true) });
  return (
    <div className="flex h-dvh flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-indigo-600 px-3 py-2 text-sm text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <AppHeader email={email} onOpenNav={() => setNavOpen(true)} onShowShortcuts={() => setShortcuts(true)} />
      <div className="flex min-h-0 flex-1">
        <nav aria-label="Endpoints" className="hidden w-64 shrink-0 border-r border-zinc-200 lg:block dark:border-zinc-800">
          <EndpointSidebar activeId={activeEndpointId} />
        </nav>
        <main id="main" tabIndex={-1} className="flex min-w-0 flex-1 flex-col focus:outline-none">
          {children}
        </main>
      </div>
      <Dialog open={navOpen} onOpenChange={setNavOpen}>
        <DialogContent title="Endpoints" side="left" hideTitle className="[&>div:last-child]:p-0">
          <nav aria-label="Endpoints" className="h-full">
            <EndpointSidebar activeId={activeEndpointId} onNavigate={() => setNavOpen(false)} />
          </nav>
        </DialogContent>
      </Dialog>
      <ShortcutsDialog open={shortcuts} onOpenChange={setShortcuts} />
    </div>
  );
}
