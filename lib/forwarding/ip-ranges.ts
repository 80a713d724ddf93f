// IP parsing, CIDR math and the special-purpose ranges the SSRF guard refuses.
// Pure functions, no I/O. Addresses are held as bigint (IPv4: 32 bits, IPv6: 128 bits)
// so one containment test serves both families.
import { isIPv4, isIPv6 } from "node:net";

export type ParsedIp = { family: 4 | 6; value: bigint };
export type Cidr = { family: 4 | 6; base: bigint; prefix: number };

const BITS = { 4: 32, 6: 128 } as const;

/** Strict dotted-quad IPv4 (no octal/hex/short forms: WHATWG URL normalises those first). */
export function parseIPv4(s: string): bigint | null {
  if (!isIPv4(s)) return null;
  return s.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** IPv6, optionally bracketed and/or with a zone id (fe80::1%eth0), incl. a dotted IPv4 tail. */
export function parseIPv6(input: string): bigint | null {
  let s = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  const zone = s.indexOf("%");
  if (zone !== -1) s = s.slice(0, zone);
  if (!isIPv6(s)) return null;
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseIPv4(tail);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = s.split("::") as [string, string | undefined];
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const hi = groups(head);
  const lo = rest === undefined ? [] : groups(rest);
  const all = rest === undefined ? hi : [...hi, ...Array<string>(8 - hi.length - lo.length).fill("0"), ...lo];
  if (all.length !== 8) return null;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export function parseIp(s: string): ParsedIp | null {
  const v4 = parseIPv4(s);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIPv6(s);
  if (v6 !== null) return { family: 6, value: v6 };
  return null;
}

export function formatIPv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((v >> shift) & 0xffn)).join(".");
}

function mask(family: 4 | 6, prefix: number): bigint {
  const bits = BITS[family];
  return ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
}

/** "10.0.0.0/8", "::1/128"; a bare address means a single host (/32 or /128). Host bits are masked off. */
export function parseCidr(s: string): Cidr | null {
  const slash = s.indexOf("/");
  const addr = slash === -1 ? s : s.slice(0, slash);
  if (addr.includes("%")) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const bits = BITS[ip.family];
  let prefix: number = bits;
  if (slash !== -1) {
    const p = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) return null;
    prefix = Number(p);
  }
  return { family: ip.family, base: ip.value & mask(ip.family, prefix), prefix };
}

export function formatCidr(c: Cidr): string {
  const addr = c.family === 4 ? formatIPv4(c.base) : formatIPv6(c.base);
  return `${addr}/${c.prefix}`;
}

export function formatIPv6(v: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  // Compress the longest run (length >= 2) of zero groups, per RFC 5952.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

export function cidrContains(c: Cidr, ip: ParsedIp): boolean {
  return c.family === ip.family && (ip.value & mask(c.family, c.prefix)) === c.base;
}

function cidr(s: string): Cidr {
  const c = parseCidr(s);
  if (!c) throw new Error(`bad built-in CIDR ${s}`);
  return c;
}

type Range = { cidr: Cidr; category: string };
const table = (rows: [string, string][]): Range[] => rows.map(([c, category]) => ({ cidr: cidr(c), category }));

/** Most specific first where ranges nest (broadcast inside reserved). */
export const BLOCKED_IPV4: readonly Range[] = table([
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "CGNAT"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "IETF protocol assignment"],
  ["192.0.2.0/24", "documentation"],
  ["192.88.99.0/24", "6to4 relay anycast"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation"],
  ["203.0.113.0/24", "documentation"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"],
]);

/** IPv6 ranges blocked outright (the embedded-IPv4 forms are handled by unwrapIPv6). */
export const BLOCKED_IPV6: readonly Range[] = table([
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local (deprecated)"],
  ["fc00::/7", "unique local"],
  ["ff00::/8", "multicast"],
  ["2001:db8::/32", "documentation"],
  ["100::/64", "discard"],
  ["2001::/32", "Teredo"],
  ["64:ff9b:1::/48", "local-use NAT64"],
]);

export type Embedded = { kind: string; v4: bigint; blockAnyway: boolean };

const MAPPED = cidr("::ffff:0:0/96");
const TRANSLATED = cidr("::ffff:0:0:0/96"); // RFC 2765 IPv4-translated
const COMPAT = cidr("::/96");
const NAT64 = cidr("64:ff9b::/96");
const SIX_TO_FOUR = cidr("2002::/16");

/** The IPv4 address an IPv6 form carries, if any. Call only after ::/128 and ::1/128 are excluded. */
export function unwrapIPv6(v: bigint): Embedded | null {
  const ip: ParsedIp = { family: 6, value: v };
  const low32 = v & 0xffffffffn;
  if (cidrContains(MAPPED, ip)) return { kind: "IPv4-mapped IPv6", v4: low32, blockAnyway: false };
  if (cidrContains(TRANSLATED, ip)) return { kind: "IPv4-translated IPv6", v4: low32, blockAnyway: false };
  if (cidrContains(COMPAT, ip)) return { kind: "IPv4-compatible IPv6 (deprecated)", v4: low32, blockAnyway: true };
  if (cidrContains(NAT64, ip)) return { kind: "NAT64 IPv6", v4: low32, blockAnyway: false };
  if (cidrContains(SIX_TO_FOUR, ip)) return { kind: "6to4 IPv6", v4: (v >> 80n) & 0xffffffffn, blockAnyway: false };
  return null;
}

export function classify(ip: ParsedIp): string | null {
  const rows = ip.family === 4 ? BLOCKED_IPV4 : BLOCKED_IPV6;
  return rows.find((r) => cidrContains(r.cidr, ip))?.category ?? null;
}
