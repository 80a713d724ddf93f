import { describe, expect, it } from "vitest";
import { csrfViolation, type CsrfInput } from "./csrf";

const base: CsrfInput = { method: "POST", pathname: "/api/endpoints", headers: { host: "app.test:3000", "content-type": "application/json" }, allowedHosts: ["app.test:3000"] };
const check = (over: Partial<CsrfInput> & { headers?: CsrfInput["headers"] }) => csrfViolation({ ...base, ...over, headers: { ...base.headers, ...over.headers } });

describe("csrfViolation", () => {
  it("lets safe methods through whatever they carry", () => {
    expect(check({ method: "GET", headers: { origin: "http://evil.test", "content-type": "text/plain" } })).toBeNull();
  });

  it("accepts the dashboard's own JSON calls", () => {
    expect(check({ headers: { origin: "http://app.test:3000" } })).toBeNull();
    expect(check({ headers: { "sec-fetch-site": "same-origin" } })).toBeNull();
    expect(check({ method: "DELETE", headers: { "content-type": "application/json; charset=utf-8" } })).toBeNull(); // a non-browser client
  });

  it("refuses another origin, including another port of the same host and an opaque origin", () => {
    for (const origin of ["http://evil.test", "http://app.test:8080", "https://app.test:3000.evil.test", "null"]) {
      expect(check({ headers: { origin } })?.status).toBe(403);
    }
    expect(check({ headers: { "sec-fetch-site": "same-site" } })?.status).toBe(403);
    expect(check({ headers: { "sec-fetch-site": "cross-site" } })?.status).toBe(403);
  });

  it("refuses non-JSON bodies on the API, even from the right origin", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      expect(check({ headers: { origin: "http://app.test:3000", "content-type": type } })?.status).toBe(415);
    }
  });

  it("lets next-auth's form posts through from our origin only", () => {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    expect(check({ pathname: "/api/auth/callback/credentials", headers: { ...form, origin: "http://app.test:3000" } })).toBeNull();
    expect(check({ pathname: "/api/auth/callback/credentials", headers: { ...form, origin: "http://app.test:8080" } })?.status).toBe(403);
  });

  it("exempts bearer-token calls", () => {
    expect(check({ headers: { authorization: "Bearer whi_x", origin: "http://evil.test", "content-type": "text/plain" } })).toBeNull();
  });
});
