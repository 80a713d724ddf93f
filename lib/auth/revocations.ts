/**
 * Long-lived connections authenticated by a session or token (SSE streams, long-polls) register
 * here, so that revoking it (sign-out, a password change, deleting a token) ends them at once
 * instead of at their next reconnect. In-process (globalThis: revocations happen in Next's bundle,
 * connections may live in server.ts's).
 */
type Registry = Map<string, Set<() => void>>;
const KEY = Symbol.for("webhook-inbox.revocations");

function registry(): Registry {
  const g = globalThis as typeof globalThis & { [KEY]?: Registry };
  g[KEY] ??= new Map();
  return g[KEY];
}

/** Calls `end` when `credential` ("session:<id>" / "token:<id>") is revoked; returns the unregister function. */
export function onRevoked(credential: string, end: () => void): () => void {
  const reg = registry();
  let set = reg.get(credential);
  if (!set) reg.set(credential, (set = new Set()));
  set.add(end);
  return () => {
    set.delete(end);
    if (set.size === 0) reg.delete(credential);
  };
}

export function revoked(credentials: string[]) {
  endConnections(credentials);
  for (const tell of relays()) tell(credentials);
}

/**
 * Several instances (lib/server/cluster.ts): revocations made here are told to the others, whose
 * connections end through endConnections.
 */
export function onRevocation(tell: (credentials: string[]) => void) {
  relays().add(tell);
}

const RELAYS = Symbol.for("webhook-inbox.revocation-relays");
function relays(): Set<(credentials: string[]) => void> {
  const g = globalThis as typeof globalThis & { [RELAYS]?: Set<(credentials: string[]) => void> };
  g[RELAYS] ??= new Set();
  return g[RELAYS];
}

/** Ends this instance's connections authenticated by these credentials. */
export function endConnections(credentials: string[]) {
  for (const credential of credentials) {
    const set = registry().get(credential);
    registry().delete(credential);
    for (const end of set ?? []) end();
  }
}
