import { describe, expect, it } from "vitest";
import type { RequestDetailDto } from "./present";
import { toRawHttp } from "./raw-http";

const base: RequestDetailDto = {
  id: "r1", seq: 1, method: "POST", path: "/", query: "", size: 0, contentType: null,
  ip: "127.0.0.1", receivedAt: "2025-01-02T03:04:05.678Z", signatureStatus: "none", duplicateOf: null, duplicateOfSeq: null, headers: [], bodyBase64: "", bodyText: "",
};

describe("toRawHttp", () => {
  it("prints request line, headers as received and a text body", () => {
    const out = toRawHttp(
      { ...base, path: "/a/b%20c", query: "x=1&x=2", headers: [["Host", "localhost:3000"], ["x-Dup", "1"], ["x-Dup", "2"], ["Content-Type", "application/json"]], bodyText: '{"a":1}', bodyBase64: "eyJhIjoxfQ==", size: 7 },
      "http://localhost:3000/h/abc",
    );
    expect(out).toBe('POST /h/abc/a/b%20c?x=1&x=2 HTTP/1.1\r\nHost: localhost:3000\r\nx-Dup: 1\r\nx-Dup: 2\r\nContent-Type: application/json\r\n\r\n{"a":1}');
  });
  it("root path, no headers, empty body", () => {
    expect(toRawHttp({ ...base, method: "GET" }, "https://hooks.example.com/h/xyz")).toBe("GET /h/xyz HTTP/1.1\r\n\r\n");
  });
  it("replaces a binary body with a note", () => {
    expect(toRawHttp({ ...base, bodyText: null, bodyBase64: "AP8=", size: 2, headers: [["A", "\u00ff"]] }, "http://localhost:3000/h/abc")).toBe(
      "POST /h/abc HTTP/1.1\r\nA: \u00ff\r\n\r\n[binary body: 2 bytes, shown in the Body tab as hex]",
    );
  });
});
