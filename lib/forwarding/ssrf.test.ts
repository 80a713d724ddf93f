import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import type { LookupAddress, LookupOptions } from "node:dns";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BlockedAddressError, checkAddress, checkUrl, guardedLookup, parseAllowList, type AllowList } from "./ssrf";

const none: AllowList = { hosts: [], cidrs: [] };
const loopbackAllowed = parseAllowList("", "127.0.0.1/32,::1/128");

// [ip, category the reason must mention] — null means allowed.
const ADDRESS_ROWS: [string, string | null][] = [
  // 0.0.0.0/8
  ["0.0.0.0", "unspecified"], ["0.255.255.255", "unspecified"], ["1.0.0.0", null],
  // 10.0.0.0/8
  ["9.255.255.255", null], ["10.0.0.0", "private"], ["10.255.255.255", "private"], ["11.0.0.0", null],
  // 100.64.0.0/10
  ["100.63.255.255", null], ["100.64.0.0", "CGNAT"], ["100.127.255.255", "CGNAT"], ["100.128.0.0", null],
  // 127.0.0.0/8
  ["126.255.255.255", null], ["127.0.0.0", "loopback"], ["127.0.0.1", "loopback"], ["127.255.255.255", "loopback"], ["128.0.0.0", null],
  // 169.254.0.0/16
  ["169.253.255.255", null], ["169.254.0.0", "link-local"], ["169.254.169.254", "cloud metadata"], ["169.254.255.255", "link-local"], ["169.255.0.0", null],
  // 172.16.0.0/12
  ["172.15.255.255", null], ["172.16.0.0", "private"], ["172.31.255.255", "private"], ["172.32.0.0", null],
  // 192.0.0.0/24, 192.0.2.0/24
  ["191.255.255.255", null], ["192.0.0.0", "IETF protocol assignment"], ["192.0.0.255", "IETF protocol assignment"], ["192.0.1.0", null],
  ["192.0.2.0", "documentation"], ["192.0.2.255", "documentation"], ["192.0.3.0", null],
  // 192.88.99.0/24
  ["192.88.98.255", null], ["192.88.99.0", "6to4 relay anycast"], ["192.88.99.255", "6to4 relay anycast"], ["192.88.100.0", null],
  // 192.168.0.0/16
  ["192.167.255.255", null], ["192.168.0.0", "private"], ["192.168.255.255", "private"], ["192.169.0.0", null],
  // 198.18.0.0/15
  ["198.17.255.255", null], ["198.18.0.0", "benchmarking"], ["198.19.255.255", "benchmarking"], ["198.20.0.0", null],
  // 198.51.100.0/24, 203.0.113.0/24
  ["198.51.99.255", null], ["198.51.100.0", "documentation"], ["198.51.100.255", "documentation"], ["198.51.101.0", null],
  ["203.0.112.255", null], ["203.0.113.0", "documentation"], ["203.0.113.255", "documentation"], ["203.0.114.0", null],
  // 224.0.0.0/4, 240.0.0.0/4, broadcast
  ["223.255.255.255", null], ["224.0.0.0", "multicast"], ["239.255.255.255", "multicast"],
  ["240.0.0.0", "reserved"], ["255.255.255.254", "reserved"], ["255.255.255.255", "broadcast"],
  ["100.100.100.200", "cloud metadata"],
  // public IPv4
  ["8.8.8.8", null], ["1.1.1.1", null], ["93.184.216.34", null],
  // IPv6 outright
  ["::", "unspecified"], ["::1", "loopback"], ["0:0:0:0:0:0:0:1", "loopback"],
  ["fe80::", "link-local"], ["fe80::1%eth0", "link-local"], ["FE80::ABCD%25", "link-local"], ["febf:ffff::1", "link-local"],
  ["fec0::1", "site-local"],
  ["fbff:ffff::1", null], ["fc00::", "unique local"], ["fd12:3456::1", "unique local"], ["fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "unique local"],
  ["fd00:ec2::254", "cloud metadata"],
  ["ff00::", "multicast"], ["ff02::1", "multicast"], ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "multicast"],
  ["2001:db7:ffff::1", null], ["2001:db8::", "documentation"], ["2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation"], ["2001:db9::1", null],
  ["100::", "discard"], ["100::ffff:ffff:ffff:ffff", "discard"], ["100:0:0:1::", null],
  ["2001::", "Teredo"], ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"], ["2001:1:ffff::1", null],
  ["64:ff9b:1::", "local-use NAT64"], ["64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "local-use NAT64"], ["64:ff9b:2::1", null],
  // IPv6 embedding IPv4
  ["::ffff:127.0.0.1", "IPv4-mapped IPv6 ::ffff:127.0.0.1 -> loopback address 127.0.0.1"],
  ["::ffff:7f00:1", "IPv4-mapped IPv6 ::ffff:7f00:1 -> loopback"], ["::FFFF:7F00:0001", "loopback"],
  ["0:0:0:0:0:ffff:a01:203", "-> private address 10.1.2.3"], ["::ffff:169.254.169.254", "cloud metadata"],
  ["::ffff:0.0.0.0", "unspecified"], ["::ffff:100.64.0.1", "CGNAT"], ["::ffff:8.8.8.8", null],
  ["::ffff:0:127.0.0.1", "IPv4-translated IPv6 ::ffff:0:127.0.0.1 -> loopback"], ["::ffff:0:8.8.8.8", null],
  ["::127.0.0.1", "IPv4-compatible IPv6 (deprecated) ::127.0.0.1 -> loopback"], ["::8.8.8.8", "IPv4-compatible"], ["::2", "IPv4-compatible"],
  ["64:ff9b::a9fe:a9fe", "NAT64 IPv6 64:ff9b::a9fe:a9fe -> link-local address 169.254.169.254 (cloud metadata)"],
  ["64:ff9b::127.0.0.1", "loopback"], ["64:ff9b::10.0.0.1", "private"], ["64:ff9b::224.0.0.1", "multicast"], ["64:ff9b::8.8.8.8", null],
  ["2002:7f00:0001::1", "6to4 IPv6 2002:7f00:0001::1 -> loopback address 127.0.0.1"], ["2002:a9fe:a9fe::1", "cloud metadata"],
  ["2002:c0a8:0101::1", "private address 192.168.1.1"], ["2002:0a00:0001:ffff::", "private"], ["2002:0808:0808::1", null],
  // public IPv6
  ["2606:4700:4700::1111", null], ["2001:4860:4860::8888", null], ["2a00:1450:4001::1", null],
];

describe("checkAddress", () => {
  it.each(ADDRESS_ROWS)("%s -> %s", (ip, category) => {
    const v = checkAddress(ip, none);
    if (category === null) expect(v).toEqual({ allowed: true });
    else {
      expect(v.allowed).toBe(false);
      expect(v.allowed === false && v.reason).toContain(category);
    }
  });

  it.each([
    ["127.0.0.1", "loopback address 127.0.0.1"],
    ["10.1.2.3", "private address 10.1.2.3"],
    ["169.254.169.254", "link-local address 169.254.169.254 (cloud metadata)"],
    ["::ffff:127.0.0.1", "IPv4-mapped IPv6 ::ffff:127.0.0.1 -> loopback address 127.0.0.1"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo address 2001:0:4136:e378:8000:63bf:3fff:fdd2"],
    ["::8.8.8.8", "IPv4-compatible IPv6 (deprecated) ::8.8.8.8 (embeds 8.8.8.8)"],
  ])("reason for %s is exactly %j", (ip, reason) => expect(checkAddress(ip, none)).toEqual({ allowed: false, reason }));

  it.each(["", "localhost", "256.1.1.1", "1.2.3", "0x7f.0.0.1", "2130706433", "01.2.3.4", "::ffff::1", "[::1"])(
    "refuses non-literal %j",
    (ip) => expect(checkAddress(ip, none)).toMatchObject({ allowed: false, reason: expect.stringContaining("not an IP address") }),
  );

  describe("allow-list CIDRs win", () => {
    it.each([
      ["127.0.0.1/32", "127.0.0.1", true], ["127.0.0.1/32", "127.0.0.2", false],
      ["127.0.0.1/32", "::ffff:127.0.0.1", true], ["127.0.0.1/32", "::1", false],
      ["10.0.0.0/8", "10.200.0.1", true], ["10.0.0.0/8", "172.16.0.1", false], ["10.0.0.0/8", "64:ff9b::10.0.0.1", true],
      ["::1/128", "::1", true], ["::1/128", "127.0.0.1", false], ["::1/128", "::2", false],
      ["fe80::/10", "fe80::1%eth0", true], ["169.254.169.254/32", "169.254.169.254", true],
      ["0.0.0.0/0", "192.168.1.1", true], ["0.0.0.0/0", "fd00::1", false], ["::/0", "fd00::1", true],
    ])("allow %s: %s -> %s", (cidrs, ip, allowed) => expect(checkAddress(ip, parseAllowList("", cidrs)).allowed).toBe(allowed));

    it("throws on an invalid CIDR in a hand-built allow-list", () => {
      expect(() => checkAddress("8.8.8.8", { hosts: [], cidrs: ["10.0.0.0/99"] })).toThrow(/10\.0\.0\.0\/99/);
    });
  });
});

describe("parseAllowList", () => {
  it("handles empty / missing values", () => {
    expect(parseAllowList()).toEqual({ hosts: [], cidrs: [] });
    expect(parseAllowList("", " , ")).toEqual({ hosts: [], cidrs: [] });
  });

  it("normalises hosts and CIDRs", () => {
    expect(parseAllowList(" Internal.Test , api.local. ,,[::1]", "127.0.0.1/32, ::1/128,10.1.2.3/8, 192.168.1.5")).toEqual({
      hosts: ["internal.test", "api.local", "::1"],
      cidrs: ["127.0.0.1/32", "::1/128", "10.0.0.0/8", "192.168.1.5/32"],
    });
  });

  it.each(["10.0.0.0/33", "not-a-cidr", "127.0.0.1/", "::1/129", "1.2.3.4/-1", "fe80::1%eth0/64", "10.0.0.0/8/8"])(
    "throws naming the bad CIDR %j",
    (bad) => expect(() => parseAllowList(undefined, `127.0.0.1/32,${bad}`)).toThrow(`"${bad}"`),
  );

  it.each(["http://internal.test", "*.internal", "internal test", "host/path"])("throws naming the bad host %j", (bad) =>
    expect(() => parseAllowList(`ok.test,${bad}`)).toThrow(`"${bad}"`),
  );
});

describe("checkUrl", () => {
  it.each([
    ["http://127.0.0.1:8080/x", "loopback address 127.0.0.1"],
    ["http://[::1]/", "loopback address ::1"],
    ["http://2130706433/", "loopback address 127.0.0.1"],
    ["http://0x7f.1/", "loopback address 127.0.0.1"],
    ["http://017700000001/", "loopback address 127.0.0.1"],
    ["http://127.1/", "loopback"], ["http://127.0.0.1./", "loopback"], ["http://user:pw@127.0.0.1/", "loopback"],
    ["http://0/", "unspecified address 0.0.0.0"],
    ["http://169.254.169.254/latest/meta-data/", "cloud metadata"], ["http://0xa9fea9fe/", "cloud metadata"],
    ["https://10.0.0.1/hook", "private address 10.0.0.1"], ["http://[fd00:ec2::254]/", "cloud metadata"],
    ["http://[::ffff:127.0.0.1]/", "IPv4-mapped IPv6"], ["http://[64:ff9b::a9fe:a9fe]/", "NAT64"],
    ["http://[2002:7f00:1::1]/", "6to4"], ["http://[2001::1]/", "Teredo"], ["http://[ff02::1]/", "multicast"],
    ["http://localhost/", "loopback hostname localhost"], ["http://LOCALHOST:3000/", "loopback hostname localhost"],
    ["http://foo.localhost/", "loopback hostname foo.localhost"], ["http://localhost./", "loopback hostname localhost"],
    ["ftp://x/", 'unsupported scheme "ftp:"'], ["file:///etc/passwd", "unsupported scheme"], ["gopher://x:70/", "unsupported scheme"],
    ["javascript:alert(1)", "unsupported scheme"], ["not a url", "invalid URL"], ["http://[fe80::1%25eth0]/", "invalid URL"],
  ])("refuses %s (%s)", (url, reason) => {
    const v = checkUrl(url, none);
    expect(v.allowed).toBe(false);
    expect(v.allowed === false && v.reason).toContain(reason);
  });

  it.each([
    "http://example.com", "https://example.com:8443/hook?x=1", "http://8.8.8.8/", "http://[2606:4700:4700::1111]/",
    "http://localhost.example.com/", "http://mylocalhost/", "HTTPS://EXAMPLE.COM/",
  ])("allows %s at URL stage", (url) => expect(checkUrl(url, none)).toEqual({ allowed: true }));

  it("honours the allow-list", () => {
    expect(checkUrl("http://127.0.0.1:3000/x", loopbackAllowed).allowed).toBe(true);
    expect(checkUrl("http://127.0.0.2:3000/x", loopbackAllowed).allowed).toBe(false);
    expect(checkUrl("http://localhost:3000/x", loopbackAllowed).allowed).toBe(true);
    expect(checkUrl("http://localhost:3000/x", parseAllowList("localhost")).allowed).toBe(true);
    expect(checkUrl("http://10.0.0.5/", parseAllowList("10.0.0.5")).allowed).toBe(true);
    expect(checkUrl("http://10.0.0.6/", parseAllowList("10.0.0.5")).allowed).toBe(false);
  });
});

type LookupResult = { err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };
function callLookup(fn: net.LookupFunction, host: string, options: LookupOptions = {}): Promise<LookupResult> {
  return new Promise((resolve) => fn(host, options, (err, address, family) => resolve({ err, address, family })));
}
const fake = (map: Record<string, string[]>) =>
  vi.fn(async (host: string) => (map[host.toLowerCase().replace(/\.$/, "")] ?? []).map((address) => ({ address, family: (address.includes(":") ? 6 : 4) as 4 | 6 })));

describe("guardedLookup with an injected resolver", () => {
  const resolver = fake({
    "mixed.test": ["93.184.216.34", "127.0.0.1"],
    "mixed2.test": ["127.0.0.1", "93.184.216.34"],
    "public.test": ["93.184.216.34"],
    "dual.test": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
    "v6only.test": ["2606:2800:220:1:248:1893:25c8:1946"],
    "internal.test": ["10.0.0.5"],
    "other.test": ["10.0.0.5"],
    "metadata.test": ["169.254.169.254"],
    "garbage.test": ["not-an-ip"],
  });

  it.each(["mixed.test", "mixed2.test"])("blocks %s because one of its addresses is loopback", async (host) => {
    const { err } = await callLookup(guardedLookup(none, resolver), host);
    expect(err).toBeInstanceOf(BlockedAddressError);
    expect(err).toMatchObject({ code: "EBLOCKED", host, address: "127.0.0.1", reason: "loopback address 127.0.0.1" });
    expect(err!.message).toContain("loopback");
    expect(err!.message).toContain(host);
  });

  it("calls back with exactly the checked public address and family", async () => {
    resolver.mockClear();
    const res = await callLookup(guardedLookup(none, resolver), "public.test");
    expect(res).toEqual({ err: null, address: "93.184.216.34", family: 4 });
    expect(resolver).toHaveBeenCalledTimes(1);
  });

  it("returns the whole checked list when options.all is true", async () => {
    expect(await callLookup(guardedLookup(none, resolver), "dual.test", { all: true })).toEqual({
      err: null,
      address: [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 },
      ],
      family: undefined,
    });
  });

  it("honours options.family", async () => {
    const lookup = guardedLookup(none, resolver);
    expect(await callLookup(lookup, "dual.test", { family: 6 })).toMatchObject({ address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 });
    expect((await callLookup(lookup, "v6only.test", { family: 4 })).err).toMatchObject({ code: "ENOTFOUND" });
  });

  it("fails with ENOTFOUND when nothing resolves, and passes resolver errors through", async () => {
    expect((await callLookup(guardedLookup(none, resolver), "nothing.test")).err).toMatchObject({ code: "ENOTFOUND" });
    const failing = async () => {
      throw Object.assign(new Error("queryA ETIMEOUT x"), { code: "ETIMEOUT" });
    };
    expect((await callLookup(guardedLookup(none, failing), "x.test")).err).toMatchObject({ code: "ETIMEOUT" });
  });

  it("allow.hosts opens a name whatever it resolves to; other names stay blocked", async () => {
    const lookup = guardedLookup(parseAllowList("Internal.Test"), resolver);
    expect(await callLookup(lookup, "internal.test")).toEqual({ err: null, address: "10.0.0.5", family: 4 });
    expect(await callLookup(lookup, "INTERNAL.test.")).toMatchObject({ err: null });
    const { err } = await callLookup(lookup, "other.test");
    expect(err).toMatchObject({ code: "EBLOCKED", reason: "private address 10.0.0.5" });
  });

  it("allow CIDRs open the resolved addresses", async () => {
    expect(await callLookup(guardedLookup(parseAllowList("", "10.0.0.0/8"), resolver), "other.test")).toMatchObject({ err: null, address: "10.0.0.5" });
  });

  it("names cloud metadata and refuses non-IP resolver output", async () => {
    expect((await callLookup(guardedLookup(none, resolver), "metadata.test")).err!.message).toContain("cloud metadata");
    expect((await callLookup(guardedLookup(none, resolver), "garbage.test")).err).toMatchObject({ code: "EBLOCKED" });
  });

  it("checks IP literals directly without resolving", async () => {
    resolver.mockClear();
    const lookup = guardedLookup(none, resolver);
    expect((await callLookup(lookup, "127.0.0.1")).err).toMatchObject({ code: "EBLOCKED", address: "127.0.0.1" });
    expect((await callLookup(lookup, "[::1]")).err).toMatchObject({ code: "EBLOCKED" });
    expect(await callLookup(lookup, "8.8.8.8", { all: true })).toMatchObject({ err: null, address: [{ address: "8.8.8.8", family: 4 }] });
    expect(resolver).not.toHaveBeenCalled();
  });

  it("calls back exactly once, asynchronously", async () => {
    const cb = vi.fn();
    guardedLookup(none, resolver)("public.test", {}, cb);
    expect(cb).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(cb).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 10));
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it("uses dns.lookup by default", async () => {
    const { err } = await callLookup(guardedLookup(none), "localhost", { all: true });
    expect(err).toMatchObject({ code: "EBLOCKED", host: "localhost" });
    expect(err!.message).toContain("loopback");
  });
});

describe("guardedLookup on real sockets", () => {
  let server: http.Server;
  let port: number;
  let connections = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end("ok"));
    server.on("connection", () => connections++);
    await new Promise<void>((r) => server.listen(0, "localhost", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  function get(lookup: net.LookupFunction, extra: http.RequestOptions = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: "localhost", port, path: "/", lookup, agent: false, ...extra }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (c) => (body += c)).on("end", () => resolve(body));
      });
      req.on("error", reject).end();
    });
  }

  it("http.request to localhost fails with BlockedAddressError without connecting", async () => {
    const before = connections;
    const err = await get(guardedLookup(none)).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedAddressError);
    expect(err).toMatchObject({ code: "EBLOCKED", host: "localhost" });
    expect((err as Error).message).toContain("loopback");
    expect(connections).toBe(before);
  });

  it.each([true, false])("http.request succeeds when loopback is allowed (autoSelectFamily %s)", async (autoSelectFamily) => {
    const seen: LookupOptions[] = [];
    const inner = guardedLookup(loopbackAllowed);
    const spy: net.LookupFunction = (h, o, cb) => (seen.push(o), inner(h, o, cb));
    expect(await get(spy, { autoSelectFamily } as http.RequestOptions)).toBe("ok");
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((o) => Boolean(o.all) === autoSelectFamily)).toBe(true);
  });

  function connect(lookup: net.LookupFunction): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: "localhost", port, lookup }, () => {
        socket.end();
        resolve();
      });
      socket.on("error", reject);
    });
  }

  it("net.connect is blocked without the allow-list and connects with it", async () => {
    await expect(connect(guardedLookup(none))).rejects.toMatchObject({ name: "BlockedAddressError", code: "EBLOCKED" });
    await expect(connect(guardedLookup(loopbackAllowed))).resolves.toBeUndefined();
    await expect(connect(guardedLookup(parseAllowList("localhost")))).resolves.toBeUndefined();
  });
});
