/**
 * "Endpoint changed" notices: an edit to an endpoint's response, rules or verification settings
 * means whatever a process cached about it (the inbound path's endpoint cache) must be reloaded.
 * Domain modules announce changes here instead of importing the caches, so nothing imports back
 * up into the capture path. In-process (globalThis: edits run in Next's bundle, the cache in
 * server.ts's); several instances share them through the database's notifications (issue 15).
 */
type Listener = (endpointId: string) => void;
const KEY = Symbol.for("webhook-inbox.endpoint-changes");

function listeners(): Set<Listener> {
  const g = globalThis as typeof globalThis & { [KEY]?: Set<Listener> };
  g[KEY] ??= new Set();
  return g[KEY];
}

export function endpointChanged(endpointId: string): void {
  for (const listener of listeners()) listener(endpointId);
}

export function onEndpointChanged(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
