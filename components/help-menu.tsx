"use client";

import { BookOpen, CircleHelp, Keyboard } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "./ui/button";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "./ui/dropdown-menu";
import { Kbd } from "./ui/kbd";

/** Help: the keyboard shortcuts and the pull API's reference. */
export function HelpMenu({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const router = useRouter();
  return (
    <Menu>
      <MenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="Help" data-testid="help-menu"><CircleHelp aria-hidden /></Button>
      </MenuTrigger>
      <MenuContent>
        <MenuItem onSelect={onShowShortcuts}><Keyboard aria-hidden />Keyboard shortcuts<span className="ml-auto"><Kbd>?</Kbd></span></MenuItem>
        <MenuItem onSelect={() => router.push("/docs/api")}><BookOpen aria-hidden />API reference</MenuItem>
      </MenuContent>
    </Menu>
  );
}
