"use client";

import * as RadixTabs from "@radix-ui/react-tabs";
import type { ReactNode } from "react";

export const Tabs = RadixTabs.Root;
export const TabsContent = RadixTabs.Content;

export function TabsList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <RadixTabs.List aria-label={label} className="flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      {children}
    </RadixTabs.List>
  );
}

export function TabsTrigger({ value, children, ...rest }: { value: string; children: ReactNode; "data-testid"?: string }) {
  return (
    <RadixTabs.Trigger
      value={value}
      className="-mb-px shrink-0 border-b-2 border-transparent px-3 py-1.5 text-sm text-zinc-600 hover:text-zinc-900 data-[state=active]:border-indigo-600 data-[state=active]:font-medium data-[state=active]:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 dark:data-[state=active]:border-indigo-400 dark:data-[state=active]:text-zinc-100"
      {...rest}
    >
      {children}
    </RadixTabs.Trigger>
  );
}
