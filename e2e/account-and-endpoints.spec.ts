import { expect, test } from "@playwright/test";

// Starts signed out: this spec is about the account lifecycle itself.
test.use({ storageState: { cookies: [], origins: [] } });

test("sign up, create an endpoint, copy its URL, sign out, sign back in, endpoint still there", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const email = `journey-${Date.now()}@example.com`;

  await page.goto("/");
  await expect(page).toHaveURL(/\/signin$/);
  await page.getByRole("link", { name: "Sign up" }).click();
  // The sign-in form has the same fields: wait until the sign-up page has replaced it.
  await expect(page.getByRole("heading", { name: "Create your Webhook Inbox account" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("journey-password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(email);

  await page.getByLabel("New endpoint name").fill("GitHub pushes");
  await page.getByRole("button", { name: "Create endpoint" }).click();
  const row = page.getByTestId("endpoint-row");
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("endpoint-name")).toHaveText("GitHub pushes");
  const url = (await row.getByTestId("endpoint-url").textContent())!;
  expect(url).toMatch(new RegExp(`^${baseURL}/h/[A-Za-z0-9_-]{24}$`));

  await row.getByRole("button", { name: /Copy URL/ }).click();
  await expect(row.getByRole("button", { name: /Copy URL/ })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await page.goto("/endpoints");
  await expect(page).toHaveURL(/\/signin$/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("journey-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("endpoint-url")).toHaveText(url);
  await expect(page.getByTestId("endpoint-name")).toHaveText("GitHub pushes");
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
  await expect(page.getByRole("heading", { name: "Endpoints" })).toBeVisible();
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
