/**
 * One state for a request's forwarding, for the dot on its list row: the most urgent of its
 * deliveries' states. "delivering" shows as pending (both mean "in motion, nothing to do yet").
 */
export type ForwardState = "failed" | "retrying" | "held" | "pending" | "succeeded" | "cancelled";

const URGENCY: Record<string, number> = { failed: 6, retrying: 5, held: 4, pending: 3, delivering: 3, succeeded: 2, cancelled: 1 };

export function aggregateState(states: Iterable<string>): ForwardState | null {
  let best: string | null = null;
  for (const s of states) if ((URGENCY[s] ?? 0) > (best === null ? 0 : URGENCY[best])) best = s;
  return best === "delivering" ? "pending" : (best as ForwardState | null);
}

/** Per request id, the aggregate of the given (requestId, state) rows. */
export function statesByRequest(rows: { requestId: string; state: string }[]): Map<string, ForwardState | null> {
  const grouped = new Map<string, string[]>();
  for (const r of rows) {
    const list = grouped.get(r.requestId);
    if (list) list.push(r.state);
    else grouped.set(r.requestId, [r.state]);
  }
  return new Map([...grouped].map(([id, states]) => [id, aggregateState(states)]));
}
