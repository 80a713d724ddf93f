// SSRF guard for outbound forwarding.
//
// Two checks, both required:
//  1. checkUrl(url, allow) before any request. Node's http/net do NOT call `lookup` for IP-literal
//     hosts, so a literal (incl. the decimal/octal/hex IPv4 forms WHATWG URL normalises, and
//     bracketed IPv6) is only ever checked here.
//  2. guardedLookup(allow) passed as the `lookup` option of http.request / https.request /
//     net.connect (or undici's `connect.lookup`). It resolves once, checks EVERY address and hands
//     Node only checked addresses, so there is no second lookup to race (DNS rebinding).
//
// Configuration: FORWARD_ALLOW_HOSTS (comma-separated exact hostnames; allowed whatever they
// resolve to) and FORWARD_ALLOW_CIDRS (comma-separated CIDRs; these win over the block list).
// For local development: FORWARD_ALLOW_CIDRS=127.0.0.1/32,::1/128 (both, because "localhost"
// may resolve to ::1 as well as 127.0.0.1 and every resolved address must pass).
import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupAddress, LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import {
  type Cidr,
  type ParsedIp,
  cidrContains,
  classify,
  formatCidr,
  formatIPv4,
  parseCidr,
  parseIp,
  unwrapIPv6,
} from "./ip-ranges";

export type AllowList = { hosts: string[]; cidrs: string[] };
export type Verdict = { allowed: true } | { allowed: false; reason: string };
export type Resolver = (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;

export class BlockedAddressError extends Error {
  readonly code = "EBLOCKED" as const;
  readonly host: string;
  readonly address?: string;
  readonly reason: string;

  constructor(host: string, reason: string, address?: string) {
    super(`SSRF guard refused connection to ${host}${address && address !== host ? ` (${address})` : ""}: ${reason}`);
    this.name = "BlockedAddressError";
    this.host = host;
    this.address = address;
    this.reason = reason;
  }
}

function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  if (h.endsWith(".")) h = h.slice(0, -1);
  return h;
}

function splitList(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** Parse FORWARD_ALLOW_HOSTS / FORWARD_ALLOW_CIDRS. Throws an Error naming the bad entry. */
export function parseAllowList(hosts?: string, cidrs?: string): AllowList {
  const hostList = splitList(hosts).map((entry) => {
    if (/[\s/*]/.test(entry)) {
      throw new Error(`Invalid FORWARD_ALLOW_HOSTS entry "${entry}": expected an exact hostname (no scheme, path or wildcard)`);
    }
    return normalizeHost(entry);
  });
  const cidrList = splitList(cidrs).map((entry) => {
    const c = parseCidr(entry);
    if (!c) throw new Error(`Invalid FORWARD_ALLOW_CIDRS entry "${entry}": expected a CIDR such as 127.0.0.1/32 or ::1/128`);
    return formatCidr(c);
  });
  return { hosts: hostList, cidrs: cidrList };
}

const cidrCache = new Map<string, Cidr>();
function allowedByCidr(ip: ParsedIp, allow: AllowList): boolean {
  return allow.cidrs.some((s) => {
    let c = cidrCache.get(s);
    if (!c) {
      const parsed = parseCidr(s.trim());
      if (!parsed) throw new Error(`Invalid allow-list CIDR "${s}"`);
      c = parsed;
      cidrCache.set(s, c);
    }
    return cidrContains(c, ip);
  });
}

const METADATA = new Set(["169.254.169.254", "100.100.100.200", "fd00:ec2::254"]);
function describe(category: string, display: string, canonical: string): string {
  return `${category} address ${display}${METADATA.has(canonical) ? " (cloud metadata)" : ""}`;
}

/** Check a literal IPv4/IPv6 address (IPv6 may carry a zone id). Allow-list CIDRs win. */
export function checkAddress(ip: string, allow: AllowList): Verdict {
  const parsed = parseIp(ip);
  if (!parsed) return { allowed: false, reason: `not an IP address: ${JSON.stringify(ip)}` };
  if (allowedByCidr(parsed, allow)) return { allowed: true };

  if (parsed.family === 4) {
    const category = classify(parsed);
    return category ? { allowed: false, reason: describe(category, ip, ip) } : { allowed: true };
  }

  const category = classify(parsed);
  if (category) {
    const bare = ip.split("%")[0].toLowerCase();
    return { allowed: false, reason: describe(category, ip, bare) };
  }
  const embedded = unwrapIPv6(parsed.value);
  if (!embedded) return { allowed: true };
  const v4: ParsedIp = { family: 4, value: embedded.v4 };
  const v4text = formatIPv4(embedded.v4);
  // An allowed IPv4 range also allows that IPv4 in an IPv6 wrapper.
  if (allowedByCidr(v4, allow)) return { allowed: true };
  const inner = classify(v4);
  if (inner) return { allowed: false, reason: `${embedded.kind} ${ip} -> ${describe(inner, v4text, v4text)}` };
  if (embedded.blockAnyway) return { allowed: false, reason: `${embedded.kind} ${ip} (embeds ${v4text})` };
  return { allowed: true };
}

function isLocalhostName(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost");
}

/**
 * Check a URL before any request. IP literals (incl. the numeric IPv4 forms WHATWG normalises and
 * bracketed IPv6) are checked here because Node never calls `lookup` for them; "localhost" and
 * "*.localhost" are loopback by definition; any other hostname passes (guardedLookup checks it at
 * connect time). Only http: and https: are allowed.
 */
export function checkUrl(url: string, allow: AllowList): Verdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { allowed: false, reason: `invalid URL ${JSON.stringify(url)}` };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return { allowed: false, reason: `unsupported scheme "${parsed.protocol}" (only http: and https: are allowed)` };
  }
  const host = normalizeHost(parsed.hostname);
  if (!host) return { allowed: false, reason: `URL has no host: ${JSON.stringify(url)}` };
  if (allow.hosts.some((h) => normalizeHost(h) === host)) return { allowed: true };
  if (parseIp(host)) return checkAddress(host, allow);
  if (isLocalhostName(host)) {
    // Let it through only if the allow-list opens loopback; guardedLookup then checks each address.
    if (checkAddress("127.0.0.1", allow).allowed || checkAddress("::1", allow).allowed) return { allowed: true };
    return { allowed: false, reason: `loopback hostname ${host}` };
  }
  return { allowed: true };
}

function lookupFamily(family: LookupOptions["family"]): 0 | 4 | 6 {
  if (family === 4 || family === "IPv4") return 4;
  if (family === 6 || family === "IPv6") return 6;
  return 0;
}

async function resolveChecked(
  hostname: string,
  options: LookupOptions,
  allow: AllowList,
  resolve: Resolver | undefined,
): Promise<LookupAddress[]> {
  const host = normalizeHost(hostname);
  const family = lookupFamily(options.family);
  const literal = parseIp(host);
  let list: LookupAddress[];
  if (literal) {
    list = [{ address: host, family: literal.family }];
  } else if (resolve) {
    list = await resolve(hostname);
  } else {
    list = await dnsLookup(hostname, { ...options, all: true });
  }
  if (family) list = list.filter((a) => a.family === family);
  if (list.length === 0) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
  }
  const trusted = allow.hosts.some((h) => normalizeHost(h) === host);
  if (!trusted) {
    for (const { address } of list) {
      const verdict = checkAddress(address, allow);
      if (!verdict.allowed) throw new BlockedAddressError(hostname, verdict.reason, address);
    }
  }
  return list.map(({ address, family: f }) => ({ address, family: f }));
}

/**
 * Drop-in `lookup` for http.request / https.request / net.connect / tls.connect. Resolves once
 * (dns.lookup with all:true, or the injected resolver), fails with BlockedAddressError if ANY
 * address is blocked (unless the host is in allow.hosts), otherwise calls back with the first
 * checked address, or with the whole checked list when options.all is true (Node 20 uses that
 * for autoSelectFamily / happy eyeballs).
 */
export function guardedLookup(allow: AllowList, resolve?: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    // Tolerate the dns.lookup-style (hostname, callback) and (hostname, family, callback) shapes.
    let cb = callback;
    let opts: LookupOptions;
    if (typeof options === "function") {
      cb = options as typeof callback;
      opts = {};
    } else if (typeof options === "number") {
      opts = { family: options };
    } else {
      opts = options ?? {};
    }
    resolveChecked(hostname, opts, allow, resolve).then(
      (list) =>
        process.nextTick(() => {
          if (opts.all) cb(null, list);
          else cb(null, list[0].address, list[0].family);
        }),
      (err: unknown) =>
        process.nextTick(() => {
          const e = err instanceof Error ? err : new Error(String(err));
          cb(e as NodeJS.ErrnoException, opts.all ? [] : "");
        }),
    );
  };
}
