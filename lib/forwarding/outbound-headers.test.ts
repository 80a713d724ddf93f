import { describe, expect, it } from "vitest";
import { type OutboundHeaderOptions, outboundHeaders } from "./outbound-headers";

const ID = "0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const base: OutboundHeaderOptions = { sourceIp: "203.0.113.7", originalHost: "inbox.example.com", requestId: ID, extra: [], remove: [] };
const run = (original: [string, string][], over: Partial<OutboundHeaderOptions> = {}) => outboundHeaders(original, { ...base, ...over });
const names = (hs: [string, string][]) => hs.map(([n]) => n);
const added: [string, string][] = [
  ["X-Forwarded-For", "203.0.113.7"],
  ["X-Forwarded-Host", "inbox.example.com"],
  ["Idempotency-Key", ID],
  ["X-Webhook-Inbox-Request-Id", ID],
];

describe("outboundHeaders", () => {
  it("keeps order, duplicates and name case, then appends the forwarding headers", () => {
    const original: [string, string][] = [
      ["Content-Type", "application/json"],
      ["x-sig", "v1=a"],
      ["X-Multi", "1"],
      ["user-agent", "Stripe/1.0"],
      ["x-multi", "2"],
      ["X-SIG", "v1=b"],
    ];
    expect(run(original)).toEqual([...original, ...added]);
  });

  it("does not mutate its inputs", () => {
    const original: [string, string][] = [["A", "1"], ["Host", "h"]];
    const copy = structuredClone(original);
    const extra: [string, string][] = [["B", "2"]];
    run(original, { extra });
    expect(original).toEqual(copy);
    expect(extra).toEqual([["B", "2"]]);
  });

  it.each([
    "Connection",
    "Keep-Alive",
    "Proxy-Connection",
    "TE",
    "Trailer",
    "Transfer-Encoding",
    "Upgrade",
    "Proxy-Authorization",
    "Proxy-Authenticate",
    "Host",
    "Content-Length",
  ])("drops %s in any case", (name) => {
    for (const n of [name, name.toLowerCase(), name.toUpperCase()]) {
      expect(run([["A", "1"], [n, "x"], ["B", "2"]])).toEqual([["A", "1"], ["B", "2"], ...added]);
    }
  });

  it("drops headers named by Connection, across several Connection headers and in any case", () => {
    const out = run([
      ["Connection", "keep-alive, X-Trace , x-hop"],
      ["connection", "X-Second"],
      ["x-trace", "1"],
      ["X-HOP", "2"],
      ["X-Second", "3"],
      ["X-Kept", "4"],
    ]);
    expect(out).toEqual([["X-Kept", "4"], ...added]);
  });

  it("ignores empty tokens in Connection", () => {
    expect(run([["Connection", " , ,close"], ["X-Kept", "1"]])).toEqual([["X-Kept", "1"], ...added]);
  });

  it("drops names in remove, case-insensitively, including duplicates", () => {
    const out = run([["Authorization", "Bearer s"], ["X-Api-Key", "k"], ["x-api-key", "k2"], ["X-Kept", "1"]], { remove: ["authorization", "X-API-KEY"] });
    expect(out).toEqual([["X-Kept", "1"], ...added]);
  });

  it("remove also suppresses the added forwarding headers, but never extra", () => {
    const out = run([["X-Forwarded-For", "198.51.100.1"]], {
      remove: ["x-forwarded-for", "X-Forwarded-Host", "X-Custom"],
      extra: [["X-Custom", "from-rule"]],
    });
    expect(out).toEqual([["Idempotency-Key", ID], ["X-Webhook-Inbox-Request-Id", ID], ["X-Custom", "from-rule"]]);
  });

  it("appends the source ip to an existing X-Forwarded-For chain (one header, at the end)", () => {
    const out = run([["x-forwarded-for", "198.51.100.1, 10.0.0.1"], ["A", "1"]]);
    expect(out).toEqual([["A", "1"], ["X-Forwarded-For", "198.51.100.1, 10.0.0.1, 203.0.113.7"], ...added.slice(1)]);
  });

  it("joins several X-Forwarded-For headers in order and skips empty entries", () => {
    const out = run([["X-Forwarded-For", "198.51.100.1"], ["X-Forwarded-For", " 10.0.0.1 ,"], ["X-Forwarded-For", ""]]);
    expect(out[0]).toEqual(["X-Forwarded-For", "198.51.100.1, 10.0.0.1, 203.0.113.7"]);
    expect(names(out).filter((n) => n.toLowerCase() === "x-forwarded-for")).toHaveLength(1);
  });

  it("does not extend a chain that Connection marked as hop-by-hop", () => {
    expect(run([["Connection", "X-Forwarded-For"], ["X-Forwarded-For", "10.0.0.1"]])[0]).toEqual(["X-Forwarded-For", "203.0.113.7"]);
  });

  it("supports IPv6 source addresses", () => {
    expect(run([], { sourceIp: "2001:db8::1" })[0]).toEqual(["X-Forwarded-For", "2001:db8::1"]);
  });

  it("sets X-Forwarded-Host from the original Host, replacing a sender's copy", () => {
    const out = run([["X-Forwarded-Host", "spoofed.example"], ["Host", "inbox.example.com:8443"]], { originalHost: "inbox.example.com:8443" });
    expect(out.filter(([n]) => n.toLowerCase() === "x-forwarded-host")).toEqual([["X-Forwarded-Host", "inbox.example.com:8443"]]);
  });

  it("omits X-Forwarded-Host when there was no Host", () => {
    expect(names(run([], { originalHost: null }))).toEqual(["X-Forwarded-For", "Idempotency-Key", "X-Webhook-Inbox-Request-Id"]);
  });

  it("replaces a sender's Idempotency-Key and request id with the capture's request id", () => {
    const out = run([["idempotency-key", "sender-key"], ["X-Webhook-Inbox-Request-Id", "spoofed"], ["A", "1"]]);
    expect(out).toEqual([["A", "1"], ...added]);
  });

  it("uses a given idempotency key (a replay's own) while the request id still names the capture", () => {
    const out = run([["Idempotency-Key", "sender-key"]], { idempotencyKey: "replay-1" });
    expect(out.filter(([n]) => n === "Idempotency-Key" || n === "X-Webhook-Inbox-Request-Id")).toEqual([["Idempotency-Key", "replay-1"], ["X-Webhook-Inbox-Request-Id", ID]]);
  });

  it("appends extra after everything, keeping its order and duplicates", () => {
    const extra: [string, string][] = [["Authorization", "Bearer t"], ["X-Env", "a"], ["x-env", "b"]];
    const out = run([["Authorization", "Bearer sender"]], { extra });
    expect(out).toEqual([["Authorization", "Bearer sender"], ...added, ...extra]);
  });

  it("replaces a header when a rule both removes and adds it", () => {
    const out = run([["Authorization", "Bearer sender"]], { remove: ["authorization"], extra: [["Authorization", "Bearer target"]] });
    expect(out).toEqual([...added, ["Authorization", "Bearer target"]]);
  });

  it("never lets extra reintroduce framing or hop-by-hop headers", () => {
    const out = run([], { extra: [["Content-Length", "5"], ["Transfer-Encoding", "chunked"], ["host", "evil"], ["X-Ok", "1"]] });
    expect(out).toEqual([...added, ["X-Ok", "1"]]);
  });

  it("handles an empty original list", () => {
    expect(run([])).toEqual(added);
  });
});
