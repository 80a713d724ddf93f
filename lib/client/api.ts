import type { ErrorEnvelope } from "@/lib/http/errors";

/** An API error as the client sees it: the envelope's code, message and field. Status 0: no answer at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * fetch() for our JSON API: sends JSON, returns parsed JSON, throws ApiError from the envelope.
 * State-changing calls always say `Content-Type: application/json`, bodiless ones too: the server
 * refuses any other (CSRF defence, lib/http/csrf.ts).
 */
export async function apiFetch<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const mutating = !["GET", "HEAD"].includes((rest.method ?? "GET").toUpperCase());
  let res: Response;
  try {
    res = await fetch(url, {
      ...rest,
      headers: { ...(json !== undefined || mutating ? { "content-type": "application/json" } : {}), ...rest.headers },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "unreachable", "The server could not be reached");
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const env = (body as Partial<ErrorEnvelope> | null)?.error;
    throw new ApiError(res.status, env?.code ?? "unknown", env?.message ?? `Request failed (${res.status})`, env?.field);
  }
  return body as T;
}
