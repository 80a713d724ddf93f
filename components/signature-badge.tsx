import { ShieldAlert, ShieldCheck, ShieldQuestion, ShieldX } from "lucide-react";
import { Badge, type BadgeTone } from "./ui/badge";

const STYLE: Record<string, { tone: BadgeTone; Icon: typeof ShieldCheck; title: string }> = {
  valid: { tone: "green", Icon: ShieldCheck, title: "The provider signature is valid" },
  invalid: { tone: "red", Icon: ShieldX, title: "The provider signature does not match" },
  expired: { tone: "amber", Icon: ShieldAlert, title: "The signature matches but its timestamp is outside the tolerance" },
  missing: { tone: "neutral", Icon: ShieldQuestion, title: "No signature header was sent" },
};

/** The signature check's result (sig:<status> in search); nothing when no verification applied. */
export function SignatureBadge({ status, className = "" }: { status: string; className?: string }) {
  const s = STYLE[status];
  if (!s) return null;
  return (
    <Badge tone={s.tone} title={s.title} data-testid="signature-badge" data-status={status} className={`shrink-0 [&_svg]:size-3 ${className}`}>
      <s.Icon aria-hidden />
      <span className="sr-only">signature </span>
      {status}
    </Badge>
  );
}
