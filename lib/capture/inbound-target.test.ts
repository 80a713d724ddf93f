import { describe, expect, it } from "vitest";
import { parseInboundTarget } from "./inbound-target";

describe("parseInboundTarget", () => {
  it.each([
    ["/h/abc", { slug: "abc", path: "/", query: "" }],
    ["/h/abc/", { slug: "abc", path: "/", query: "" }],
    ["/h/abc/a/b%20c/?x=1&x=2&empty", { slug: "abc", path: "/a/b%20c/", query: "x=1&x=2&empty" }],
    ["/h/abc?", { slug: "abc", path: "/", query: "" }],
    ["/h/abc//double", { slug: "abc", path: "//double", query: "" }],
    ["/h/abc/?q=/h/x", { slug: "abc", path: "/", query: "q=/h/x" }],
    ["/h/", { slug: "", path: "/", query: "" }],
    ["/h", { slug: "", path: "/", query: "" }],
  ])("%s", (url, expected) => {
    expect(parseInboundTarget(url)).toEqual(expected);
  });

  it.each(["/", "/hooks", "/api/endpoints", "/h2/abc", "/signin?next=/h/abc", undefined])("leaves %s to Next", (url) => {
    expect(parseInboundTarget(url)).toBeNull();
  });
});
