import type { AddressInfo } from "node:net";

/**
 * The base URL this process's own server answers on, for work that calls the app over real HTTP
 * (live experiments, the measured API answer sizes): set by server.ts once it listens, overridable
 * by EXPERIMENT_TARGET_URL. On globalThis: server.ts sets it, Next's bundle reads it.
 */
const KEY = Symbol.for("webhook-inbox.self-url");
type Holder = typeof globalThis & { [KEY]?: string };

export function setSelfUrl(address: AddressInfo | string | null, override?: string) {
  if (override) return void ((globalThis as Holder)[KEY] = override.replace(/\/$/, ""));
  if (!address || typeof address === "string") return;
  // A wildcard listener is reachable on loopback; an explicit address is used as it is.
  const host = address.address === "0.0.0.0" ? "127.0.0.1" : address.address === "::" ? "[::1]" : address.family === "IPv6" ? `[${address.address}]` : address.address;
  (globalThis as Holder)[KEY] = `http://${host}:${address.port}`;
}

/** null before the server listens (unit tests, build time). */
export function selfUrl(): string | null {
  return (globalThis as Holder)[KEY] ?? null;
}
