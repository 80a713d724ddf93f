/**
 * How API code (a manual retry) wakes the delivery engine, which runs on the writer thread.
 * On globalThis: route handlers live in Next's bundle, the engine was started by server.ts.
 */
const KEY = Symbol.for("webhook-inbox.delivery-kicker");
type G = typeof globalThis & { [KEY]?: () => void };

export function setDeliveryKicker(kick: () => void) {
  (globalThis as G)[KEY] = kick;
}

export function kickDeliveries() {
  (globalThis as G)[KEY]?.();
}
