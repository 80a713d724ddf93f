import { z } from "zod";

/**
 * When to try a forward again. Pure: time and randomness are injected so the schedule can be
 * tested exactly and the caller stays the only place that reads the clock.
 */

/** Immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: the Standard Webhooks / Svix schedule
 *  (about 28 hours in total), which receivers already expect from mainstream webhook senders. */
export const DEFAULT_SCHEDULE_MS = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/** The longest a single wait may be, and the cap when a policy sets none. */
export const MAX_RETRY_DELAY_MS = 7 * 86_400_000;

/**
 * A rule may set its own policy; an absent policy means DEFAULT_SCHEDULE_MS. capMs is optional: a
 * fixed schedule has nothing to cap, and a growing one without it stops growing at a week.
 */
export const retryPolicy = z
  .object({
    count: z.number().int().min(0).max(20),
    backoff: z.enum(["exponential", "fixed", "linear"]),
    baseMs: z.number().int().min(100).max(86_400_000),
    capMs: z.number().int().min(1000).max(MAX_RETRY_DELAY_MS).optional(),
  })
  .refine((p) => p.capMs === undefined || p.baseMs <= p.capMs, { error: "must not be greater than capMs", path: ["baseMs"] });
export type RetryPolicy = z.infer<typeof retryPolicy>;

/** +/- 10%: enough to spread retries of many deliveries that failed together (a target outage)
 *  so they do not all hit the target again in the same instant. */
const JITTER = 0.1;

/**
 * Delay before attempt number `attempt` (0 = first attempt, immediate) or null when no attempt is left.
 * Default schedule when `policy` is undefined (8 attempts in total). Custom: `count` = number of
 * RETRIES after the first attempt; retry n waits exponential base*2^(n-1), linear base*n or fixed base,
 * capped at capMs. Jitter is multiplicative from `random()` in [0,1) (0.5 = none); the cap stays a hard
 * ceiling after jitter, and the result is a non-negative integer number of milliseconds.
 */
export function nextDelayMs(attempt: number, policy: RetryPolicy | undefined, random: () => number = Math.random): number | null {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`attempt must be a non-negative integer, got ${attempt}`);
  if (attempt === 0) return 0;
  let base: number;
  let cap = Infinity;
  if (policy === undefined) {
    if (attempt >= DEFAULT_SCHEDULE_MS.length) return null;
    base = DEFAULT_SCHEDULE_MS[attempt];
  } else {
    if (attempt > policy.count) return null;
    cap = policy.capMs ?? MAX_RETRY_DELAY_MS;
    base =
      policy.backoff === "exponential" ? policy.baseMs * 2 ** (attempt - 1) : policy.backoff === "linear" ? policy.baseMs * attempt : policy.baseMs;
    base = Math.min(base, cap);
  }
  const factor = 1 + (random() * 2 - 1) * JITTER;
  return Math.max(0, Math.min(cap, Math.round(base * factor)));
}

/** One hour: a target cannot park a delivery for days by answering with a far-future Retry-After. */
export const DEFAULT_RETRY_AFTER_CAP_MS = 3_600_000;

const DAYS = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAYS = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MON = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// The three HTTP-date forms RFC 9110 §5.6.7 requires recipients to accept. Matched explicitly
// because Date.parse is implementation-defined and accepts garbage such as "1" or "soon 2".
const IMF_FIXDATE = new RegExp(`^${DAYS}, (\\d{2}) ${MON} (\\d{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^${LONG_DAYS}, (\\d{2})-${MON}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAYS} ${MON} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/** Milliseconds since the epoch for an HTTP-date, or null when `value` is not one. `now` only
 *  resolves RFC 850 two-digit years (RFC 9110: more than 50 years ahead means the past century). */
export function parseHttpDate(value: string, now: Date): number | null {
  let parts: { day: string; mon: string; year: number; time: string[] };
  let r: RegExpExecArray | null;
  if ((r = IMF_FIXDATE.exec(value))) parts = { day: r[1], mon: r[2], year: Number(r[3]), time: r.slice(4, 7) };
  else if ((r = RFC850.exec(value))) {
    let year = 2000 + Number(r[3]);
    if (year > now.getUTCFullYear() + 50) year -= 100;
    parts = { day: r[1], mon: r[2], year, time: r.slice(4, 7) };
  } else if ((r = ASCTIME.exec(value))) parts = { day: r[2].trim(), mon: r[1], year: Number(r[6]), time: r.slice(3, 6) };
  else return null;
  const [day, month, h, m, s] = [Number(parts.day), MONTHS.indexOf(parts.mon), ...parts.time.map(Number)];
  const ms = Date.UTC(parts.year, month, day, h, m, s);
  const d = new Date(ms);
  // Date.UTC silently rolls over impossible dates (31 Feb, 25:00:00): refuse those instead.
  const same = d.getUTCDate() === day && d.getUTCMonth() === month && d.getUTCHours() === h && d.getUTCMinutes() === m && d.getUTCSeconds() === s;
  return same ? ms : null;
}

/** Parses Retry-After (delta seconds or an HTTP date) relative to `now`; returns ms capped at `capMs`
 *  (default 1 hour), or null when absent/invalid/past. "0" is valid and means "now" (0 ms). */
export function parseRetryAfter(value: string | null | undefined, now: Date, capMs: number = DEFAULT_RETRY_AFTER_CAP_MS): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, capMs); // huge values become Infinity, then the cap
  const at = parseHttpDate(v, now);
  if (at === null) return null;
  const delta = at - now.getTime();
  return delta > 0 ? Math.min(delta, capMs) : null;
}

export type AttemptOutcome = { kind: "success" } | { kind: "stop"; reason: string } | { kind: "retry"; afterMs: number | null };

/**
 * Classifies a response: 2xx success; 410 stop (the target says the resource is gone for good);
 * 3xx retry (redirects are not followed - following them would let a target bounce requests past
 * the SSRF checks; the caller records why); 429/503 with a usable Retry-After retry after the
 * parsed delay; every other status and network errors (status null) retry on the schedule
 * (afterMs null). Other 4xx are retried too, as Standard Webhooks senders do: a misconfigured
 * receiver is often fixed within the retry window.
 */
export function classifyResponse(status: number | null, retryAfter: string | null, now: Date): AttemptOutcome {
  if (status === null) return { kind: "retry", afterMs: null };
  if (status >= 200 && status <= 299) return { kind: "success" };
  if (status === 410) return { kind: "stop", reason: "target answered 410 Gone" };
  if (status === 429 || status === 503) return { kind: "retry", afterMs: parseRetryAfter(retryAfter, now) };
  return { kind: "retry", afterMs: null };
}
