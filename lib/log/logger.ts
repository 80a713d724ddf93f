import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { getConfig, type AppConfig } from "@/lib/config/env";

export type { Logger };
export type LogSettings = Pick<AppConfig, "LOG_LEVEL" | "LOG_FORMAT">;

// Defence in depth: nothing passes headers, cookies or bodies to the logger, and should a caller
// ever pass an object carrying one of these, its value is replaced.
const REDACT = [
  "authorization", "cookie", "password", "token", "secret", "body",
  "*.authorization", "*.cookie", "*.password", "*.token", "*.secret", "*.body",
  "headers.authorization", "headers.cookie", "*.headers.authorization", "*.headers.cookie",
];

/**
 * One logger per process, on globalThis like the other shared singletons: route handlers in Next's
 * bundle and server.ts must write through the same destination and see the same request context.
 */
const KEY = Symbol.for("webhook-inbox.log");
type State = { logger?: Logger; context: AsyncLocalStorage<{ reqId: string }> };
function state(): State {
  const g = globalThis as typeof globalThis & { [KEY]?: State };
  g[KEY] ??= { context: new AsyncLocalStorage() };
  return g[KEY];
}

/**
 * pino with ISO times and level names, writing synchronously (few lines at the default level, and
 * none lost at exit). Every line written inside `withRequestId` carries that `reqId`.
 */
export function createLogger(settings: LogSettings, destination?: DestinationStream): Logger {
  const { context } = state();
  return pino(
    {
      level: settings.LOG_LEVEL,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const ctx = context.getStore();
        return ctx ? { reqId: ctx.reqId } : {};
      },
      redact: { paths: REDACT, censor: "[redacted]" },
    },
    destination ??
      (settings.LOG_FORMAT === "pretty"
        ? pretty({ sync: true, ignore: "pid,hostname" })
        : pino.destination({ fd: 1, sync: true })),
  );
}

/** The process's logger, configured from LOG_LEVEL and LOG_FORMAT (validated at start-up). */
export function log(): Logger {
  const s = state();
  s.logger ??= createLogger(getConfig());
  return s.logger;
}

/** Runs `fn` with `reqId` attached to every line it (and whatever it awaits) logs. */
export function withRequestId<T>(reqId: string, fn: () => T): T {
  return state().context.run({ reqId }, fn);
}
