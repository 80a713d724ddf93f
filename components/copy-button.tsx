"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { copyText } from "@/lib/client/copy-text";
import { Button, type ButtonVariant } from "./ui/button";

type Props = { text: string; label?: string; variant?: ButtonVariant; iconOnly?: boolean; "data-testid"?: string };

/** Copies `text` (with a fallback for plain-http LANs, lib/client/copy-text.ts) and says so. */
export function CopyButton({ text, label = "Copy", variant = "secondary", iconOnly = false, ...rest }: Props) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    if (!(await copyText(text))) {
      toast.error("Could not copy", { description: "Select the text and copy it by hand." });
      return;
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <Button variant={variant} size={iconOnly ? "icon" : "sm"} onClick={copy} aria-label={label} title={label} {...rest}>
      {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
      {!iconOnly && <span aria-live="polite">{copied ? "Copied" : label}</span>}
    </Button>
  );
}
