import type { IncomingMessage } from "node:http";

/**
 * The sender's address. X-Forwarded-For is honoured only with TRUST_PROXY (otherwise any sender
 * could claim any address); then its first entry, the original client as the proxy saw it, wins.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers["x-forwarded-for"];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(",")[0]?.trim();
    if (first) return first;
  }
  const addr = req.socket.remoteAddress ?? "";
  return addr.startsWith("::ffff:") ? addr.slice(7) : addr;
}
