import { describe, expect, it } from "vitest";
import { parseCookies, toHar, type HarEntry } from "./har";
import type { RequestDetailDto } from "./present";

const endpoint = "http://localhost:3000/h/abc";

function make(seq: number, over: Partial<RequestDetailDto>): RequestDetailDto {
  return {
    id: `r${seq}`, seq, method: "POST", path: "/", query: "", size: 0, contentType: null,
    ip: "127.0.0.1", receivedAt: `2025-01-02T03:04:0${seq}.678Z`, signatureStatus: "none", duplicateOf: null, duplicateOfSeq: null, headers: [], bodyBase64: "", bodyText: "", ...over,
  };
}

const json = make(2, {
  path: "/stripe", query: "a=1&a=2&b=x%20y", contentType: "application/json",
  headers: [["Content-Type", "application/json"], ["Cookie", "sid=abc; theme=dark"], ["X-Dup", "1"], ["X-Dup", "2"]],
  bodyText: '{"id":"evt_1"}', bodyBase64: Buffer.from('{"id":"evt_1"}').toString("base64"), size: 14,
});
const form = make(1, {
  contentType: "application/x-www-form-urlencoded; charset=utf-8",
  headers: [["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"]],
  bodyText: "name=J%C3%B6rg&tag=a&tag=b+c", bodyBase64: Buffer.from("name=J%C3%B6rg&tag=a&tag=b+c").toString("base64"), size: 28,
});
const binary = make(3, {
  method: "PUT", contentType: "application/octet-stream", headers: [["Content-Type", "application/octet-stream"]],
  bodyText: null, bodyBase64: "AP8Q", size: 3,
});

function expectValidEntry(e: HarEntry) {
  expect(typeof e.startedDateTime).toBe("string");
  expect(Number.isNaN(Date.parse(e.startedDateTime))).toBe(false);
  expect(typeof e.time).toBe("number");
  const r = e.request;
  for (const k of ["method", "url", "httpVersion"] as const) expect(typeof r[k]).toBe("string");
  for (const k of ["cookies", "headers", "queryString"] as const) {
    expect(Array.isArray(r[k])).toBe(true);
    for (const nv of r[k]) expect(Object.keys(nv).sort()).toEqual(["name", "value"]);
  }
  expect(r.headersSize).toBe(-1);
  expect(typeof r.bodySize).toBe("number");
  expect(e.response).toEqual({
    status: 0, statusText: "", httpVersion: "", cookies: [], headers: [],
    content: { size: 0, mimeType: "x-unknown" }, redirectURL: "", headersSize: -1, bodySize: -1,
  });
  expect(e.cache).toEqual({});
  expect(e.timings).toEqual({ send: 0, wait: 0, receive: 0 });
}

describe("toHar", () => {
  const har = toHar([json, binary, form], endpoint);

  it("has a HAR 1.2 log with the default creator, entries oldest first", () => {
    expect(har.log.version).toBe("1.2");
    expect(har.log.creator).toEqual({ name: "Webhook Inbox", version: "0.1.0" });
    expect(har.log.entries.map((e) => e.request.method)).toEqual(["POST", "POST", "PUT"]);
    har.log.entries.forEach(expectValidEntry);
    // Survives JSON serialisation unchanged (no undefined / Dates / typed arrays).
    expect(JSON.parse(JSON.stringify(har))).toEqual(har);
  });

  it("JSON request", () => {
    const r = har.log.entries[1].request;
    expect(har.log.entries[1].startedDateTime).toBe("2025-01-02T03:04:02.678Z");
    expect(r.url).toBe("http://localhost:3000/h/abc/stripe?a=1&a=2&b=x%20y");
    expect(r.httpVersion).toBe("HTTP/1.1");
    expect(r.queryString).toEqual([{ name: "a", value: "1" }, { name: "a", value: "2" }, { name: "b", value: "x y" }]);
    expect(r.cookies).toEqual([{ name: "sid", value: "abc" }, { name: "theme", value: "dark" }]);
    expect(r.headers).toEqual([
      { name: "Content-Type", value: "application/json" }, { name: "Cookie", value: "sid=abc; theme=dark" },
      { name: "X-Dup", value: "1" }, { name: "X-Dup", value: "2" },
    ]);
    expect(r.postData).toEqual({ mimeType: "application/json", text: '{"id":"evt_1"}' });
    expect(r.bodySize).toBe(14);
  });

  it("form request has decoded params", () => {
    const r = har.log.entries[0].request;
    expect(r.url).toBe("http://localhost:3000/h/abc");
    expect(r.queryString).toEqual([]);
    expect(r.postData).toEqual({
      mimeType: "application/x-www-form-urlencoded; charset=utf-8",
      text: "name=J%C3%B6rg&tag=a&tag=b+c",
      params: [{ name: "name", value: "Jörg" }, { name: "tag", value: "a" }, { name: "tag", value: "b c" }],
    });
  });

  it("binary request carries base64 with encoding", () => {
    expect(har.log.entries[2].request.postData).toEqual({ mimeType: "application/octet-stream", text: "AP8Q", encoding: "base64" });
    expect(har.log.entries[2].request.bodySize).toBe(3);
  });

  it("empty body has no postData; custom creator", () => {
    const h = toHar([make(1, { method: "GET" })], endpoint, { name: "x", version: "9" });
    expect(h.log.creator).toEqual({ name: "x", version: "9" });
    expect("postData" in h.log.entries[0].request).toBe(false);
  });
});

describe("parseCookies", () => {
  it("splits every Cookie header, ignores others", () => {
    expect(parseCookies([["cookie", "a=1;b= 2 ;;flag"], ["Set-Cookie", "x=y"], ["Cookie", "c=d=e"]])).toEqual([
      { name: "a", value: "1" }, { name: "b", value: "2" }, { name: "flag", value: "" }, { name: "c", value: "d=e" },
    ]);
  });
});
