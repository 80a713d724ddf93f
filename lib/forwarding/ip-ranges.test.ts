import { describe, expect, it } from "vitest";
import {
  cidrContains,
  classify,
  formatCidr,
  formatIPv4,
  formatIPv6,
  parseCidr,
  parseIPv4,
  parseIPv6,
  parseIp,
  unwrapIPv6,
} from "./ip-ranges";

describe("parseIPv4", () => {
  it.each([
    ["0.0.0.0", 0n],
    ["127.0.0.1", 0x7f000001n],
    ["255.255.255.255", 0xffffffffn],
    ["169.254.169.254", 0xa9fea9fen],
  ])("%s", (s, v) => expect(parseIPv4(s)).toBe(v));

  it.each(["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "0x7f.0.0.1", "2130706433", "01.2.3.4", "1.2.3.4/8", " 1.2.3.4", "::1"])(
    "rejects %j (no legacy numeric forms)",
    (s) => expect(parseIPv4(s)).toBeNull(),
  );
});

describe("parseIPv6", () => {
  it.each([
    ["::", 0n],
    ["::1", 1n],
    ["0:0:0:0:0:0:0:1", 1n],
    ["[::1]", 1n],
    ["::ffff:127.0.0.1", 0xffff7f000001n],
    ["::FFFF:7F00:0001", 0xffff7f000001n],
    ["::127.0.0.1", 0x7f000001n],
    ["fe80::1%eth0", (0xfe80n << 112n) | 1n],
    ["fe80::1%25", (0xfe80n << 112n) | 1n],
    ["2002:7f00:0001::1", (0x2002n << 112n) | (0x7f00n << 96n) | (1n << 80n) | 1n],
    ["1:2:3:4:5:6:7:8", 0x00010002000300040005000600070008n],
    ["1::", 1n << 112n],
    ["64:ff9b::a9fe:a9fe", (0x64n << 112n) | (0xff9bn << 96n) | 0xa9fea9fen],
  ])("%s", (s, v) => expect(parseIPv6(s)).toBe(v));

  it.each(["", "1.2.3.4", ":::", "1::2::3", "12345::1", "g::1", "1:2:3:4:5:6:7:8:9", "::ffff:256.0.0.1", "[::1"])(
    "rejects %j",
    (s) => expect(parseIPv6(s)).toBeNull(),
  );
});

describe("parseIp", () => {
  it("returns the family", () => {
    expect(parseIp("10.0.0.1")).toEqual({ family: 4, value: 0x0a000001n });
    expect(parseIp("::1")).toEqual({ family: 6, value: 1n });
    expect(parseIp("example.com")).toBeNull();
  });
});

describe("formatting", () => {
  it.each([
    [0n, "0.0.0.0"],
    [0x7f000001n, "127.0.0.1"],
    [0xffffffffn, "255.255.255.255"],
  ])("formatIPv4(%s) = %s", (v, s) => expect(formatIPv4(v)).toBe(s));

  it.each(["::", "::1", "fe80::1", "2001:db8::", "1:0:0:2::3", "1:2:3:4:5:6:7:8", "1:0:0:4::8", "::ffff:7f00:1"])(
    "formatIPv6 round-trips %s",
    (s) => expect(formatIPv6(parseIPv6(s)!)).toBe(s),
  );

  it("does not compress a single zero group (RFC 5952)", () => {
    expect(formatIPv6(parseIPv6("1:0:2:3:4:5:6:7")!)).toBe("1:0:2:3:4:5:6:7");
  });
});

describe("parseCidr", () => {
  it.each([
    ["127.0.0.1/32", "127.0.0.1/32"],
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["10.1.2.3/8", "10.0.0.0/8"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["192.168.1.5", "192.168.1.5/32"],
    ["::1/128", "::1/128"],
    ["::1", "::1/128"],
    ["fe80::1234/10", "fe80::/10"],
    ["::/0", "::/0"],
  ])("%s -> %s", (input, normalised) => expect(formatCidr(parseCidr(input)!)).toBe(normalised));

  it.each(["", "/8", "10.0.0.0/", "10.0.0.0/33", "::1/129", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/08a", "fe80::1%eth0/64", "foo/8", "10.0.0/8"])(
    "rejects %j",
    (s) => expect(parseCidr(s)).toBeNull(),
  );

  it("contains only same-family addresses inside the prefix", () => {
    const c = parseCidr("172.16.0.0/12")!;
    expect(cidrContains(c, parseIp("172.16.0.0")!)).toBe(true);
    expect(cidrContains(c, parseIp("172.31.255.255")!)).toBe(true);
    expect(cidrContains(c, parseIp("172.32.0.0")!)).toBe(false);
    expect(cidrContains(c, parseIp("172.15.255.255")!)).toBe(false);
    expect(cidrContains(c, parseIp("::ffff:172.16.0.1")!)).toBe(false);
    expect(cidrContains(parseCidr("0.0.0.0/0")!, parseIp("8.8.8.8")!)).toBe(true);
    expect(cidrContains(parseCidr("0.0.0.0/0")!, parseIp("::1")!)).toBe(false);
  });
});

describe("classify", () => {
  it.each([
    ["255.255.255.255", "broadcast"],
    ["255.255.255.254", "reserved"],
    ["2001::1", "Teredo"],
    ["64:ff9b:1::1", "local-use NAT64"],
    ["fec0::1", "site-local (deprecated)"],
    ["8.8.8.8", null],
    ["::ffff:127.0.0.1", null], // embedded forms are left to unwrapIPv6
  ])("%s -> %s", (ip, category) => expect(classify(parseIp(ip)!)).toBe(category));
});

describe("unwrapIPv6", () => {
  it.each([
    ["::ffff:127.0.0.1", "IPv4-mapped IPv6", "127.0.0.1", false],
    ["::ffff:0:10.0.0.1", "IPv4-translated IPv6", "10.0.0.1", false],
    ["::8.8.8.8", "IPv4-compatible IPv6 (deprecated)", "8.8.8.8", true],
    ["64:ff9b::8.8.4.4", "NAT64 IPv6", "8.8.4.4", false],
    ["2002:c0a8:0101:5::1", "6to4 IPv6", "192.168.1.1", false],
  ])("%s", (ip, kind, v4, blockAnyway) => {
    const e = unwrapIPv6(parseIPv6(ip)!)!;
    expect({ kind: e.kind, v4: formatIPv4(e.v4), blockAnyway: e.blockAnyway }).toEqual({ kind, v4, blockAnyway });
  });

  it.each(["2606:4700:4700::1111", "64:ff9b:0:1::1", "2003::1", "::1:0:0:1"])("%s carries no IPv4", (ip) =>
    expect(unwrapIPv6(parseIPv6(ip)!)).toBeNull(),
  );
});
