"use client";

import * as RadixMenu from "@radix-ui/react-dropdown-menu";
import type { ReactNode } from "react";

export const Menu = RadixMenu.Root;
export const MenuTrigger = RadixMenu.Trigger;

export function MenuContent({ children, align = "end" }: { children: ReactNode; align?: "start" | "end" }) {
  return (
    <RadixMenu.Portal>
      <RadixMenu.Content
        align={align}
        sideOffset={6}
        collisionPadding={8}
        className="z-50 min-w-48 rounded-lg border border-zinc-200 bg-white p-1 text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
      >
        {children}
      </RadixMenu.Content>
    </RadixMenu.Portal>
  );
}

type ItemProps = { children: ReactNode; onSelect?: (e: Event) => void; danger?: boolean; disabled?: boolean; "data-testid"?: string };

export function MenuItem({ children, onSelect, danger, disabled, ...rest }: ItemProps) {
  return (
    <RadixMenu.Item
      onSelect={onSelect}
      disabled={disabled}
      className={`flex cursor-default items-center gap-2 rounded-md px-2 py-1.5 outline-none select-none data-disabled:opacity-50 data-highlighted:bg-zinc-100 dark:data-highlighted:bg-zinc-800 [&_svg]:size-4 ${
        danger ? "text-red-700 dark:text-red-400" : ""
      }`}
      {...rest}
    >
      {children}
    </RadixMenu.Item>
  );
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return <RadixMenu.Label className="truncate px-2 py-1.5 text-xs text-zinc-500 dark:text-zinc-400">{children}</RadixMenu.Label>;
}

export function MenuSeparator() {
  return <RadixMenu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />;
}
