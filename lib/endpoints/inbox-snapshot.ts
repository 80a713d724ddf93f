import { HttpError } from "@/lib/http/errors";
import { presentSummary } from "@/lib/requests/present";
import { listRequests, listRequestsInput } from "@/lib/requests/queries";
import { presentEndpoint } from "./present";
import { getEndpoint } from "./queries";

/** Rows in the first window the inbox shows (the client's WINDOW_SIZE). */
const FIRST_WINDOW = 100;

/**
 * What the inbox page renders with before any client fetch: the endpoint and the first window of
 * its list (with the total). Sent with the page, the first rows appear when the page hydrates
 * instead of one API round trip later, which on a loaded 2-core server was most of the time to
 * first rows (measured with 100,000 stored requests: ~250 ms of ~330 ms were the four API calls
 * the inbox made after hydration). Null when the endpoint is not the user's (the client says so).
 */
export async function inboxSnapshot(userId: string, endpointId: string, origin: string) {
  try {
    const [endpoint, page] = await Promise.all([
      getEndpoint(userId, endpointId),
      listRequests(userId, endpointId, listRequestsInput.parse({ limit: FIRST_WINDOW, count: "1" })),
    ]);
    return {
      endpoint: presentEndpoint(endpoint, origin),
      window: { requests: page.requests.map(presentSummary), top: page.top!, total: page.total },
    };
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) return null;
    throw err;
  }
}
export type InboxSnapshot = NonNullable<Awaited<ReturnType<typeof inboxSnapshot>>>;
