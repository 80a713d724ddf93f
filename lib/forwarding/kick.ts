/**
 * How API code (a manual retry, resuming a rule) wakes the delivery engine started by server.ts.
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
