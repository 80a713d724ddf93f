/**
 * A tiny cookie-keeping HTTP client for the JSON API, signing in the way a browser does:
 * GET /api/auth/csrf, then POST the credentials form to next-auth's callback.
 */
export class ApiClient {
  private cookies = new Map<string, string>();
  /** Mutable so a test can follow a restarted server to its new port with the same cookies. */
  constructor(public baseUrl: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    // Like the dashboard's own client: state-changing calls always say JSON (the server's CSRF rule).
    const json: Record<string, string> = method !== "GET" && method !== "HEAD" ? { "content-type": "application/json" } : {};
    const init: RequestInit = { method, headers: { ...json, ...headers, cookie: this.cookieHeader() }, redirect: "manual" };
    if (body !== undefined) {
      if (typeof body === "string" || body instanceof URLSearchParams) init.body = body;
      else {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)["content-type"] = "application/json";
      }
    }
    const res = await fetch(this.baseUrl + path, init);
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  }

  async json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await this.request(method, path, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async signUp(email: string, password = "correct-horse-battery") {
    return this.json("POST", "/api/users", { email, password });
  }

  /** Returns true when next-auth issued a session cookie. */
  async signIn(email: string, password: string): Promise<boolean> {
    const { body } = await this.json<{ csrfToken: string }>("GET", "/api/auth/csrf");
    const form = new URLSearchParams({ csrfToken: body.csrfToken, email, password, json: "true" });
    await this.request("POST", "/api/auth/callback/credentials", form, { "content-type": "application/x-www-form-urlencoded" });
    return [...this.cookies.keys()].some((k) => k.endsWith("next-auth.session-token"));
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** The session cookies in Playwright's addCookies() shape, for a browser on `url`. */
  cookieList(url: string) {
    return [...this.cookies].map(([name, value]) => ({ name, value, url }));
  }
}

/** Signs up a fresh user and returns a signed-in client. */
export async function signedInClient(baseUrl: string, email: string, password = "correct-horse-battery") {
  const client = new ApiClient(baseUrl);
  const res = await client.signUp(email, password);
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (!(await client.signIn(email, password))) throw new Error("sign-in failed");
  return client;
}
