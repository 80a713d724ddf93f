import { expect, test } from "@playwright/test";
import { confirm, createEndpointViaApi, toast } from "./helpers/inbox";

test("settings: create an API token (shown once, works on the pull API), see it listed, revoke it", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, `Token scope ${Date.now()}`);
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  const name = `CLI ${Date.now()}`;
  await page.getByRole("button", { name: "New token" }).click();
  const dialog = page.getByRole("dialog", { name: "New API token" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Only these:").check();
  await dialog.getByLabel(/^Token scope/).check();
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(toast(page, `Token “${name}” created`)).toBeVisible();
  const token = (await page.getByTestId("token-value").textContent())!;
  expect(token).toMatch(/^whi_/);
  await page.getByRole("button", { name: "Done" }).click();

  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row).toContainText("read-only");
  await expect(row).toContainText(/^.*Token scope/);
  await expect(row).toContainText("never used");
  const api = await page.request.get("/api/v1/endpoints", { headers: { authorization: `Bearer ${token}` } });
  expect(api.status()).toBe(200);
  expect(((await api.json()) as { endpoints: { id: string }[] }).endpoints.map((e) => e.id)).toEqual([ep.id]);

  await row.getByRole("button", { name: "Revoke" }).click();
  await confirm(page, "Revoke token");
  await expect(toast(page, `Token “${name}” revoked`)).toBeVisible();
  await expect(page.getByTestId("token-row").filter({ hasText: name })).toHaveCount(0);
  expect((await page.request.get("/api/v1/endpoints", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});

test("settings: a wrong current password is named on its field", async ({ page }) => {
  await page.goto("/settings");
  const form = page.getByTestId("change-password");
  await form.getByLabel("Current password").fill("not-my-password");
  await form.getByLabel("New password").fill("a much longer and harder passphrase 42");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByTestId("field-error")).toHaveText("Current password does not match your current password");
  await expect(form.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
});

test("settings: a token's calls are counted by kind and per endpoint after real /api/v1 calls", async ({ page }) => {
  const epName = `Usage ${Date.now()}`;
  const ep = await createEndpointViaApi(page.request, epName);
  const created = await page.request.post("/api/tokens", { data: { name: `Poller ${Date.now()}`, readOnly: true, endpointIds: [ep.id] } });
  const { token, name } = (await created.json()) as { token: string; name: string };
  const v1 = (path: string, headers: Record<string, string> = {}) => page.request.get(path, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const first = await v1(`/api/v1/endpoints/${ep.id}/requests`);
  expect(first.status()).toBe(200);
  const etag = first.headers().etag;
  for (let i = 0; i < 2; i++) expect((await v1(`/api/v1/endpoints/${ep.id}/requests`, { "if-none-match": etag })).status()).toBe(304);
  expect((await v1(`/api/v1/endpoints/${ep.id}/requests?wait=1`)).status()).toBe(200);
  expect((await v1("/api/v1/endpoints")).status()).toBe(200);
  await page.goto("/settings");

  // Counts reach the database every 2 s; the page shows them when loaded after that.
  const row = page.getByTestId("token-row").filter({ hasText: name });
  // Each try reloads: a page loaded before the flush shows no counts and will not update by
  // itself, so a try must not wait on it (textContent would, for the whole poll).
  await expect.poll(async () => {
    await page.reload();
    return row.getByTestId("usage-ok").textContent({ timeout: 1_000 }).catch(() => null);
  }, { timeout: 15_000 }).toBe("3");
  await expect(row.getByTestId("usage-notModified")).toHaveText("2");
  await expect(row.getByTestId("usage-longPolls")).toHaveText("1");
  await expect(row.getByTestId("usage-limited")).toHaveText("0");
  await expect(row.getByTestId("usage-bytes")).toHaveText(/^\d+(\.\d)? (B|KiB)$/);
  await expect(row.getByTestId("token-scope")).toContainText(`Only ${epName}`);
  await expect(row.getByTestId("token-scope")).toContainText("last used");
  await expect(row).toContainText("read-only");

  await row.getByText("Per endpoint").click();
  const table = row.getByTestId("token-usage-table");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  const cells = async (i: number) => table.locator("tbody tr").nth(i).locator("th, td").allTextContents();
  const byName = Object.fromEntries(await Promise.all([0, 1].map(async (i) => { const [n, ...c] = await cells(i); return [n, c.slice(0, 4)]; })));
  // 200s, 304s, long-polls, 429s per endpoint; listing the endpoints is about none of them.
  expect(byName).toEqual({ [epName]: ["2", "2", "1", "0"], "(listing endpoints)": ["1", "0", "0", "0"] });
});
