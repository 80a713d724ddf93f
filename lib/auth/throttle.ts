import { HttpError, toErrorEnvelope } from "@/lib/http/errors";
import { getConfig } from "@/lib/config/env";
import { RateLimiter } from "@/lib/http/rate-limiter";

/**
 * Password guessing is throttled two ways (measured before this: ~21 guesses a second, sustained):
 * - per address: every sign-in and sign-up attempt from one IP takes a token (by default a burst
 *   of 20, then 10 a minute: AUTH_ATTEMPTS_PER_MINUTE), which bounds one machine whatever
 *   accounts it tries;
 * - per account: every *failed* sign-in takes a token (burst 5, then 1 a minute), which bounds a
 *   botnet guessing one account to ~1,440 guesses a day instead of millions. Its cost: someone who
 *   knows an email can keep its owner waiting a minute between tries; they cannot lock it for good.
 * In memory and per process (state is lost on restart; several instances each allow this much).
 */
const PER_ACCOUNT = { perMinute: 1, burst: 5 };

export class AuthThrottle {
  private limiter: RateLimiter;
  private perAddress: { perMinute: number; burst: number };
  constructor(attemptsPerMinute = 10, now: () => number = Date.now) {
    this.limiter = new RateLimiter(now);
    this.perAddress = { perMinute: attemptsPerMinute, burst: attemptsPerMinute * 2 };
  }

  /** Takes an attempt for the address; throws 429 (with Retry-After) when it or the account must wait. */
  attempt(address: string, email?: string) {
    const account = email ? this.limiter.wait(accountKey(email), PER_ACCOUNT.perMinute, PER_ACCOUNT.burst) : 0;
    if (account) throw tooMany(account, "Too many failed sign-ins for this account");
    const wait = this.limiter.take(`ip:${address}`, this.perAddress.perMinute, this.perAddress.burst);
    if (wait) throw tooMany(wait, "Too many attempts from this address");
  }

  /** A wrong password for this account. */
  failed(email: string) {
    this.limiter.take(accountKey(email), PER_ACCOUNT.perMinute, PER_ACCOUNT.burst);
  }
}

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;

function tooMany(seconds: number, what: string) {
  return new HttpError("rate_limited", `${what}; try again in ${seconds} s`, undefined, { "Retry-After": String(seconds) });
}

// Shared by the next-auth route and the sign-up route, which Next bundles separately.
const KEY = Symbol.for("webhook-inbox.auth-throttle");
export function authThrottle(): AuthThrottle {
  const g = globalThis as typeof globalThis & { [KEY]?: AuthThrottle };
  g[KEY] ??= new AuthThrottle(getConfig().AUTH_ATTEMPTS_PER_MINUTE);
  return g[KEY];
}

/**
 * The sign-in gate in front of next-auth's credentials callback: 429 + Retry-After when the
 * address or account must wait. The body is the usual error envelope plus the `url` next-auth's
 * client reads its outcome from (`?error=RateLimited`), so `signIn()` reports status 429.
 */
export async function gateSignIn(req: Request, address: string): Promise<Response | null> {
  const email = String((await req.clone().formData().catch(() => null))?.get("email") ?? "");
  try {
    authThrottle().attempt(address, email || undefined);
    return null;
  } catch (err) {
    const { status, body, headers } = toErrorEnvelope(err);
    const url = new URL("/signin?error=RateLimited", req.url).toString();
    return Response.json({ ...body, url }, { status, headers });
  }
}
