import { describe, expect, it } from "vitest";
import { stripDashboardCookies } from "./strip-cookies";

describe("stripDashboardCookies", () => {
  it("leaves requests without our cookies untouched (same array)", () => {
    const h: [string, string][] = [["Cookie", "a=1; b=2"], ["X-A", "next-auth.session-token"]];
    expect(stripDashboardCookies(h)).toBe(h);
  });

  it("removes the session token, its chunks and the other next-auth cookies, keeping the rest byte-exact", () => {
    const h: [string, string][] = [
      ["Host", "x"],
      ["cookie", "next-auth.session-token=eyJ; theme=dark;next-auth.csrf-token=abc%7Cdef; __Secure-next-auth.session-token.0=p1; id=7"],
    ];
    expect(stripDashboardCookies(h)).toEqual([["Host", "x"], ["cookie", "theme=dark; id=7"]]);
  });

  it("drops a Cookie header that held only our cookies, and keeps header order", () => {
    const h: [string, string][] = [["A", "1"], ["Cookie", "next-auth.session-token=t"], ["Cookie", "x=y"], ["B", "2"]];
    expect(stripDashboardCookies(h)).toEqual([["A", "1"], ["Cookie", "x=y"], ["B", "2"]]);
  });

  it("does not touch look-alike names", () => {
    const h: [string, string][] = [["Cookie", "my-next-auth.session-token=1; next-auth=2; next-auth.session-token=3"]];
    expect(stripDashboardCookies(h)).toEqual([["Cookie", "my-next-auth.session-token=1; next-auth=2"]]);
  });
});
