import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toErrorEnvelope } from "@/lib/http/errors";
import { buildTargetUrl, targetUrlTemplate } from "./target-url";

describe("buildTargetUrl", () => {
  it.each<[string, string, string, string, string]>([
    ["path and query", "https://t.example/hooks{path}?{query}", "/a/b", "x=1&y=2", "https://t.example/hooks/a/b?x=1&y=2"],
    ["root sub-path becomes empty", "https://t.example/hooks{path}", "/", "", "https://t.example/hooks"],
    ["root sub-path with a query", "https://t.example/hooks{path}?{query}", "/", "x=1", "https://t.example/hooks?x=1"],
    ["empty query drops the dangling ?", "https://t.example/hooks{path}?{query}", "/a", "", "https://t.example/hooks/a"],
    ["empty query keeps ? before fixed params", "https://t.example/in?{query}&src=inbox", "/", "", "https://t.example/in?src=inbox"],
    ["query before fixed params", "https://t.example/in?{query}&src=inbox", "/", "a=1", "https://t.example/in?a=1&src=inbox"],
    ["empty query after fixed params drops the &", "https://t.example/in?src=inbox&{query}", "/", "", "https://t.example/in?src=inbox"],
    ["query after fixed params", "https://t.example/in?src=inbox&{query}", "/", "a=1", "https://t.example/in?src=inbox&a=1"],
    ["no placeholders: path and query are not forwarded", "https://t.example/fixed", "/a", "x=1", "https://t.example/fixed"],
    ["{path} in the query string", "https://t.example/in?p={path}", "/a/b", "", "https://t.example/in?p=/a/b"],
    ["placeholders used twice", "https://t.example{path}?q={query}&r={query}", "/a", "x", "https://t.example/a?q=x&r=x"],
    ["no decoding", "https://t.example{path}?{query}", "/a%2Fb/%E2%98%95", "q=%20+x", "https://t.example/a%2Fb/%E2%98%95?q=%20+x"],
    ["no encoding", "https://t.example{path}?{query}", "/a b/é", "q=a b", "https://t.example/a b/é?q=a b"],
    ["trailing slash on the sub-path is kept", "https://t.example{path}", "/a/", "", "https://t.example/a/"],
    ["substituted text is not rescanned", "https://t.example{path}?{query}", "/{query}", "{path}", "https://t.example/{query}?{path}"],
    ["unknown braces stay literal", "https://t.example/{x}{path}", "/a", "", "https://t.example/{x}/a"],
    ["empty query in the middle of text is left alone", "https://t.example/in?{query}x", "/", "", "https://t.example/in?x"],
  ])("%s", (_label, template, path, query, expected) => {
    expect(buildTargetUrl(template, { path, query })).toBe(expected);
  });
});

describe("targetUrlTemplate", () => {
  it.each([
    "https://api.example.com/hooks{path}?{query}",
    "http://localhost:3000{path}",
    "https://api.example.com/fixed",
    "https://api.example.com:8443/in?src=inbox&{query}",
    "https://[::1]:8080{path}",
    "https://bücher.example/in{path}",
    "HTTPS://API.EXAMPLE.COM/x",
  ])("accepts %s", (template) => {
    expect(targetUrlTemplate.safeParse(template).success).toBe(true);
  });

  it.each<[string, string, string]>([
    ["empty", "", "must not be empty"],
    ["relative", "/hooks{path}", "absolute http(s) URL"],
    ["no scheme", "api.example.com/hooks", "absolute http(s) URL"],
    ["other scheme", "ftp://files.example.com/in", "must use http or https"],
    ["javascript scheme", "javascript:alert(1)", "must use http or https"],
    ["file scheme", "file:///etc/passwd", "must use http or https"],
    ["credentials", "https://user:pw@api.example.com/in", "credentials"],
    ["spaces", "https://api.example.com/a b", "spaces or control characters"],
    ["line break", "https://api.example.com/a\r\nX-Evil: 1", "spaces or control characters"],
    ["fragment", "https://api.example.com/in#{path}", "fragment"],
    ["unknown placeholder", "https://api.example.com/{Path}", "unknown placeholder {Path}"],
    ["{query} in the host", "https://api.example.com{query}", "only after the host"],
    ["{query} as the host", "https://{query}/in", "only after the host"],
    ["{query} inside the host", "https://a{query}.example.com/in", "only after the host"],
    ["{path} before the host", "https://{path}api.example.com", "only after the host"],
    ["{query} as the port", "https://api.example.com:{query}/in", "only after the host"],
    ["{path} as the scheme", "{path}//api.example.com/", "absolute http(s) URL"],
    ["too long", "https://api.example.com/" + "a".repeat(2048), "at most 2048"],
  ])("refuses %s", (_label, template, message) => {
    const r = targetUrlTemplate.safeParse(template);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toContain(message);
  });

  it("becomes a 422 naming the field", () => {
    const r = z.object({ targetUrl: targetUrlTemplate }).safeParse({ targetUrl: "ftp://x.example/" });
    const env = toErrorEnvelope(r.error);
    expect(env.status).toBe(422);
    expect(env.body.error).toEqual({ code: "validation_failed", field: "targetUrl", message: "targetUrl: must use http or https" });
  });
});
