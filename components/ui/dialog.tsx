"use client";

import * as RadixDialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ReactNode } from "react";

export const Dialog = RadixDialog.Root;
export const DialogTrigger = RadixDialog.Trigger;
export const DialogClose = RadixDialog.Close;

const PLACEMENT = {
  center: "left-1/2 top-[10vh] max-h-[80vh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 rounded-lg",
  right: "inset-y-0 right-0 h-full w-full max-w-2xl border-l",
  left: "inset-y-0 left-0 h-full w-72 max-w-[85vw] border-r",
};

type Props = {
  title: ReactNode;
  description?: ReactNode;
  /** center: a modal; right: a side sheet (rule editor); left: the mobile navigation drawer. */
  side?: keyof typeof PLACEMENT;
  /** The title stays for screen readers but is not shown (the content has its own heading). */
  hideTitle?: boolean;
  className?: string;
  children: ReactNode;
  "data-testid"?: string;
};

/** Radix dialog with our look: focus trapped inside, Escape and the close button dismiss it. */
export function DialogContent({ title, description, side = "center", hideTitle, className = "", children, ...rest }: Props) {
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 dark:bg-black/60" />
      <RadixDialog.Content
        {...(description ? {} : { "aria-describedby": undefined })}
        className={`fixed z-50 flex flex-col border-zinc-200 bg-white shadow-xl focus:outline-none dark:border-zinc-800 dark:bg-zinc-950 ${PLACEMENT[side]} ${className}`}
        {...rest}
      >
        <div className={`flex items-start gap-3 px-4 pt-4 ${hideTitle ? "sr-only" : ""}`}>
          <div className="min-w-0 flex-1">
            <RadixDialog.Title className="text-base font-semibold">{title}</RadixDialog.Title>
            {description && <RadixDialog.Description className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</RadixDialog.Description>}
          </div>
        </div>
        <RadixDialog.Close
          aria-label="Close"
          className="absolute top-3 right-3 rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          <X className="size-4" aria-hidden />
        </RadixDialog.Close>
        <div className="min-h-0 flex-1 overflow-y-auto p-4">{children}</div>
      </RadixDialog.Content>
    </RadixDialog.Portal>
  );
}
