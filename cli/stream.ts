import { createParser } from "eventsource-parser";
import { ApiError, badToken, describeNetworkError, type Api } from "./api";
import { CliError, EXIT } from "./errors";
import { pause, ServerRetry, type RetryOptions } from "./retry";

/** The server sends a heartbeat every 15 s: this long without a byte means the connection died quietly (a laptop that slept). */
const SILENCE_MS = 45_000;

/**
 * Follows an endpoint's live stream (`/api/endpoints/<id>/stream`, server-sent events) and calls
 * `onWake` whenever something may be new: on every connect (catch up on what arrived while it was
 * down), on each `request` event, and on `reset` (more was missed than the stream replays). The
 * stream only says when to look; the feed says what to forward, in order.
 * Reconnects with backoff, saying so; 401 and 404 end the CLI.
 */
export async function followStream(api: Api, endpointId: string, opts: { after: () => number; onWake: () => void; retry: RetryOptions }) {
  const retry = new ServerRetry(opts.retry);
  const { signal } = opts.retry;
  while (!signal.aborted) {
    let reason: string;
    let retryHintMs: number | undefined;
    const connection = new AbortController();
    const stop = () => connection.abort();
    signal.addEventListener("abort", stop, { once: true });
    let silence: ReturnType<typeof setTimeout> | undefined;
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(() => connection.abort(new Error(`no heartbeat for ${SILENCE_MS / 1000} s`)), SILENCE_MS);
    };
    try {
      const res = await fetch(`${api.server}/api/endpoints/${endpointId}/stream?after=${opts.after()}`, {
        headers: { authorization: api.authorization, accept: "text/event-stream" },
        signal: connection.signal,
      });
      if (res.status === 401) throw badToken((await res.text()).slice(0, 200));
      if (res.status === 404) throw new CliError(`Endpoint ${endpointId} is gone (or this token may no longer use it).`, EXIT.unknownEndpoint);
      if (!res.ok || !res.body) throw new ApiError(res.status, String(res.status), `the live stream answered ${res.status}`);
      retry.succeeded();
      heard();
      opts.onWake();
      const parser = createParser({
        onEvent: (e) => {
          if (e.event === "request" || e.event === "reset") opts.onWake();
        },
        onRetry: (ms) => (retryHintMs = ms),
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        heard();
        parser.feed(chunk.value);
      }
      reason = "the server closed the live stream";
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof CliError) throw err;
      reason = err instanceof ApiError ? err.message : `lost the live stream (${describeNetworkError(connection.signal.reason ?? err)})`;
    } finally {
      clearTimeout(silence);
      signal.removeEventListener("abort", stop);
    }
    // A server shutting down says when to come back (1-5 s); anything else backs off.
    if (retryHintMs !== undefined && reason === "the server closed the live stream") {
      if (!(await pause(retryHintMs, signal))) return;
    } else await retry.failed(reason);
  }
}
