import { expect, test } from "@playwright/test";

// Starts signed out: this spec is about the account lifecycle itself.
test.use({ storageState: { cookies: [], origins: [] } });

test("first run: the sign-in page says what this is; sign-up lands in the first endpoint's inbox with its URL, copy button and a test command", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const email = `journey-${Date.now()}@example.com`;

  await page.goto("/");
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByTestId("tagline")).toContainText("Get a URL for your webhooks");
  await page.getByRole("link", { name: "Sign up" }).click();
  // The sign-in form has the same fields: wait until the sign-up page has replaced it.
  await expect(page.getByRole("heading", { name: "Create your Webhook Inbox account" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("journey-password");
  await page.getByRole("button", { name: "Sign up" }).click();

  // No empty list and no extra click: the inbox of the endpoint made at sign-up, URL in front.
  await expect(page).toHaveURL(/\/endpoints\/[^/]+$/);
  await expect(page.getByTestId("current-user")).toHaveText(email);
  await expect(page.getByTestId("endpoint-title")).toHaveText("My first endpoint");
  const guide = page.getByTestId("first-request-guide");
  const url = (await guide.getByTestId("guide-url").textContent())!;
  expect(url).toMatch(new RegExp(`^${baseURL}/h/[A-Za-z0-9_-]{24}$`));
  await expect(page.getByTestId("endpoint-url")).toHaveText(url);
  await expect(guide.getByTestId("curl-example")).toHaveText(`curl -X POST '${url}' -H 'Content-Type: application/json' --data-binary '{"hello":"world"}'`);
  await expect(guide.getByTestId("empty-list")).toHaveText("Waiting for the first request…");
  await guide.getByRole("button", { name: "Copy URL" }).click();
  await expect(guide.getByRole("button", { name: "Copy URL" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(page.getByRole("navigation", { name: "Endpoints" }).getByTestId("endpoint-name")).toHaveText(["My first endpoint"]);

  // The test command's request arrives and opens by itself.
  expect((await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"hello":"world"}' })).status).toBe(200);
  await expect(page.getByTestId("request-row")).toHaveCount(1);
  await expect(page.getByTestId("request-row")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("request-detail")).toBeVisible();
  await expect(page.getByTestId("first-request-guide")).toHaveCount(0);

  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/endpoints");
  await expect(page).toHaveURL(/\/signin$/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("journey-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("endpoint-url")).toHaveText(url);
  await expect(page.getByTestId("endpoint-title")).toHaveText("My first endpoint");
  await expect(page.getByTestId("request-row")).toHaveCount(1);
});

test("what was typed before the page hydrated is what gets submitted", async ({ page }) => {
  // Hold the page's scripts back so the form is plain HTML while we type, as on a slow connection.
  let release!: () => void;
  const scripts = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/**/*.js", async (route) => {
    await scripts;
    await route.continue();
  });
  await page.goto("/signin", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Email").fill("e2e@example.com");
  await page.getByLabel("Password").fill("e2e-password-1");
  release();
  // React marks the DOM nodes it has hydrated; submit only once the form is React's.
  await page.waitForFunction(() => Object.keys(document.querySelector("form") ?? {}).some((k) => k.startsWith("__reactProps")));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("endpoint-title")).toBeVisible();
});

test("a wrong password does not sign in and says so", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("e2e@example.com");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText("Wrong email or password");
  await expect(page).toHaveURL(/\/signin$/);
});

test("signing up with an existing email does not reveal the account, and points to sign-in", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("e2e@example.com");
  await page.getByLabel("Password").fill("whatever-password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText(
    "Could not sign in with this email and password. If you already have an account, sign in with its password.",
  );
  await expect(page).toHaveURL(/\/signup$/);
});

test("a weak password is refused at sign-up with the reason", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("weak-password@example.com");
  await page.getByLabel("Password").fill("12345678");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("password: is too easy to guess");
});
