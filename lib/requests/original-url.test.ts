import { describe, expect, it } from "vitest";
import { decodeFormComponent, originalUrl, parseUrlEncoded } from "./original-url";

const base = "http://localhost:3000/h/abc123";

describe("originalUrl", () => {
  it("drops a bare / path and an empty query", () => {
    expect(originalUrl(base, { path: "/", query: "" })).toBe("http://localhost:3000/h/abc123");
  });
  it("appends the raw sub-path and query without re-encoding", () => {
    expect(originalUrl(base, { path: "/a/b%20c", query: "x=1&x=2&y=%zz" })).toBe(
      "http://localhost:3000/h/abc123/a/b%20c?x=1&x=2&y=%zz",
    );
  });
  it("keeps dot segments as received", () => {
    expect(originalUrl(base, { path: "/a/../b", query: "" })).toBe("http://localhost:3000/h/abc123/a/../b");
  });
  it("adds the query to a root path", () => {
    expect(originalUrl(base, { path: "/", query: "q=1" })).toBe("http://localhost:3000/h/abc123?q=1");
  });
});

describe("parseUrlEncoded", () => {
  it("decodes pairs in order with duplicates and + as space", () => {
    expect(parseUrlEncoded("a=1&b=hello+world&a=2&c=%C3%A9&flag&&=v")).toEqual([
      ["a", "1"],
      ["b", "hello world"],
      ["a", "2"],
      ["c", "é"],
      ["flag", ""],
      ["", "v"],
    ]);
  });
  it("keeps = inside values", () => {
    expect(parseUrlEncoded("sig=abc==&t=1")).toEqual([["sig", "abc=="], ["t", "1"]]);
  });
  it("returns [] for an empty string", () => {
    expect(parseUrlEncoded("")).toEqual([]);
  });
  it("keeps malformed escapes raw instead of throwing", () => {
    expect(decodeFormComponent("100%zz%20ok%C3%A9")).toBe("100%zz oké");
    expect(decodeFormComponent("%E0%A4%A")).toBe("%E0%A4%A");
  });
});
