import { CliError, EXIT } from "./errors";
import { ServerRetry, type RetryOptions } from "./retry";

/** The server's public API as the CLI uses it (lib/api/v1, the OpenAPI document at /api/v1/openapi.json). */
export type Endpoint = { id: string; name: string | null; url: string };
export type Cursor = { after: number | null; newest: number; waiting: number };
export type FeedRequest = {
  id: string; seq: number; method: string; path: string; query: string; headers: [string, string][];
  bodyBase64: string; ip: string; receivedAt: string;
};
export type Feed = { requests: FeedRequest[]; nextAfter: number; hasMore: boolean };
export type ForwardReport = {
  requestId: string;
  target: string; status: number | null; durationMs: number; error: string | null; attempts: number;
  responseHeaders: [string, string][]; responseBodyBase64: string | null;
};

/** An answer the CLI cannot retry its way past. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export class Api {
  constructor(readonly server: string, private token: string, private retry: RetryOptions) {}

  get authorization() {
    return `Bearer ${this.token}`;
  }

  endpoints = () => this.call<{ endpoints: Endpoint[] }>("GET", "/api/v1/endpoints").then((r) => r.endpoints);
  cursor = (endpointId: string) => this.call<Cursor>("GET", `/api/v1/endpoints/${endpointId}/cursor`);
  setCursor = (endpointId: string, after: number) => this.call<Cursor>("PUT", `/api/v1/endpoints/${endpointId}/cursor`, { after });
  feed = (endpointId: string, after: number, q: string) =>
    this.call<Feed>("GET", `/api/v1/endpoints/${endpointId}/feed?${new URLSearchParams({ after: String(after), limit: "100", q })}`);
  report = (endpointId: string, reports: ForwardReport[]) =>
    this.call<{ recorded: { requestId: string; deliveryId: string }[]; missing: string[]; cursor: number }>("POST", `/api/v1/endpoints/${endpointId}/forwards`, { reports });

  /**
   * One API call. Network failures, 5xx and 429 are retried (ServerRetry); 401 ends the CLI
   * (exit code 3); other errors are thrown as ApiError for the caller to judge.
   */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const retry = new ServerRetry(this.retry);
    for (;;) {
      let reason: string;
      let waitMs: number | undefined;
      try {
        const res = await fetch(this.server + path, {
          method,
          headers: { authorization: this.authorization, ...(body === undefined ? {} : { "content-type": "application/json" }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: this.retry.signal,
        });
        if (res.ok) {
          retry.succeeded();
          return (await res.json()) as T;
        }
        const error = await errorOf(res);
        if (res.status === 401) throw badToken(error.message);
        if (res.status !== 429 && res.status < 500) throw new ApiError(res.status, error.code, error.message);
        reason = `the server answered ${res.status} (${error.message})`;
        if (res.status === 429) waitMs = Number(res.headers.get("retry-after") ?? 60) * 1000;
      } catch (err) {
        if (err instanceof CliError || err instanceof ApiError || this.retry.signal.aborted) throw err;
        reason = `cannot reach ${this.server} (${describeNetworkError(err)})`;
      }
      await retry.failed(reason, waitMs);
    }
  }
}

export const badToken = (message: string) =>
  new CliError(`The server refused the token (${message}). Run \`webhook-inbox login\` with a valid token.`, EXIT.badToken);

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const text = await res.text().catch(() => "");
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return { code: parsed.error?.code ?? String(res.status), message: parsed.error?.message ?? (text.slice(0, 200) || res.statusText) };
  } catch {
    return { code: String(res.status), message: text.slice(0, 200) || res.statusText };
  }
}

/** fetch() hides the reason in `cause`: ECONNREFUSED, ENOTFOUND ... */
export function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
