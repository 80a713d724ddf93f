import { eventBus } from "@/lib/events/bus";
import { openStreams } from "@/lib/events/open-streams";

/**
 * Long-polling, woken by the same event bus as the live stream (not by re-querying). The watch
 * starts before the caller's first query: a request committed between that query and the wait is
 * then seen, instead of leaving the poller waiting for the next one (or the whole timeout).
 */
export function watchForRequests(endpointId: string, after: number) {
  let arrived = false;
  let newest = after;
  let wake: (() => void) | null = null;
  const unsubscribe = eventBus().subscribe(endpointId, (d) => {
    if (d.event.type !== "request" || d.event.request.seq <= newest) return;
    newest = d.event.request.seq;
    arrived = true;
    wake?.();
  });
  return {
    /** True as soon as a request above `after` has been (or is) committed; false after `ms`, on abort, or at shutdown. */
    wait(ms: number, signal: AbortSignal): Promise<boolean> {
      if (arrived) return Promise.resolve(true);
      const ending = openStreams().ending;
      return new Promise((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          wake = null;
          signal.removeEventListener("abort", finish);
          ending.removeEventListener("abort", finish);
          resolve(arrived);
        };
        wake = finish;
        const timer = setTimeout(finish, ms);
        signal.addEventListener("abort", finish, { once: true });
        ending.addEventListener("abort", finish, { once: true });
        if (signal.aborted || ending.aborted) finish();
      });
    },
    /** Forget what arrived so far (it did not match the caller's query): wait for what comes next. */
    rearm() {
      arrived = false;
    },
    stop: unsubscribe,
  };
}
