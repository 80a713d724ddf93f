"use client";

import * as RadixPopover from "@radix-ui/react-popover";
import type { ReactNode } from "react";

export const Popover = RadixPopover.Root;
export const PopoverTrigger = RadixPopover.Trigger;
export const PopoverAnchor = RadixPopover.Anchor;

type Props = RadixPopover.PopoverContentProps & { children: ReactNode };

export function PopoverContent({ className = "", children, align = "start", sideOffset = 6, ...rest }: Props) {
  return (
    <RadixPopover.Portal>
      <RadixPopover.Content
        align={align}
        sideOffset={sideOffset}
        collisionPadding={8}
        className={`z-50 max-h-[var(--radix-popover-content-available-height)] overflow-auto rounded-lg border border-zinc-200 bg-white p-3 text-sm shadow-lg focus:outline-none dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
        {...rest}
      >
        {children}
      </RadixPopover.Content>
    </RadixPopover.Portal>
  );
}
