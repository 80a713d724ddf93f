import { expect, test } from "@playwright/test";
import { createEndpointViaApi, expectSeqs, openInbox, openRequest, renderedSeqs, rowBySeq, send, sendOk, showTab } from "./helpers/inbox";

const unique = (label: string) => `${label} ${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

test("follow mode opens each arrival; choosing a row stops it and arrivals queue behind the N new pill", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, unique("Follow"));
  for (let i = 1; i <= 3; i++) await sendOk(ep.url, { path: `/r/${i}` });
  await openInbox(page, ep);
  const follow = page.getByTestId("follow-toggle");
  await expect(follow).toHaveAttribute("aria-pressed", "true");
  await expect(rowBySeq(page, 3)).toHaveAttribute("aria-selected", "true");

  // Each new request is opened as it arrives.
  await sendOk(ep.url, { path: "/r/4" });
  await expect(rowBySeq(page, 4)).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("request-detail").getByTestId("original-url")).toHaveText(`${ep.url}/r/4`);

  // Choosing an older row stops following: the rows stay where they are under the cursor.
  await openRequest(page, 2);
  await expect(follow).toHaveAttribute("aria-pressed", "false");
  const box = await rowBySeq(page, 2).boundingBox();
  await sendOk(ep.url, { path: "/r/5" });
  await sendOk(ep.url, { path: "/r/6" });
  await expect(page.getByTestId("new-pill")).toHaveText("2 new");
  await expectSeqs(page, [4, 3, 2, 1]);
  expect(await rowBySeq(page, 2).boundingBox()).toEqual(box);
  await expect(rowBySeq(page, 2)).toHaveAttribute("aria-selected", "true");

  // The pill shows them and follows again.
  await page.getByTestId("new-pill").click();
  await expectSeqs(page, [6, 5, 4, 3, 2, 1]);
  await expect(page.getByTestId("new-pill")).toHaveCount(0);
  await expect(follow).toHaveAttribute("aria-pressed", "true");
  await expect(rowBySeq(page, 6)).toHaveAttribute("aria-selected", "true");

  // The toggle (or "f") switches it off and on.
  await page.keyboard.press("f");
  await expect(follow).toHaveAttribute("aria-pressed", "false");
  await sendOk(ep.url, { path: "/r/7" });
  await expect(page.getByTestId("new-pill")).toHaveText("1 new");
  await follow.click();
  await expectSeqs(page, [7, 6, 5, 4, 3, 2, 1]);
});

test("keyboard: skip link to the list, j/k and arrows move, Enter opens, Escape closes, / searches, ? lists shortcuts", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, unique("Keys"));
  for (let i = 1; i <= 5; i++) await sendOk(ep.url, { path: `/k/${i}` });
  await openInbox(page, ep);
  await expect(rowBySeq(page, 5)).toHaveAttribute("aria-selected", "true");

  // One Tab reaches the skip link; it leads past the header and sidebar.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  // The list is one tab stop inside the inbox, reached in a few presses, not 33.
  let presses = 0;
  while (!(await page.getByTestId("request-list").evaluate((el) => el === document.activeElement)) && presses < 12) {
    await page.keyboard.press("Tab");
    presses++;
  }
  expect(presses).toBeLessThan(12);
  test.info().annotations.push({ type: "Tab presses from main to the list", description: String(presses) });

  await page.keyboard.press("j");
  await expect(rowBySeq(page, 4)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowDown");
  await expect(rowBySeq(page, 3)).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("request-list")).toHaveAttribute("aria-activedescendant", /^request-/);
  await page.keyboard.press("k");
  await page.keyboard.press("ArrowUp");
  await expect(rowBySeq(page, 5)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("j");
  await expect(page.getByTestId("request-detail").getByTestId("original-url")).toHaveText(`${ep.url}/k/4`);

  await page.keyboard.press("/");
  await expect(page.getByLabel("Search requests")).toBeFocused();
  await page.keyboard.type("path:/k/2");
  await expectSeqs(page, [2]);
  await page.keyboard.press("Escape"); // clears the search
  await expectSeqs(page, [5, 4, 3, 2, 1]);

  await page.getByTestId("request-list").focus();
  await page.keyboard.press("?");
  const shortcuts = page.getByTestId("shortcuts-dialog");
  await expect(shortcuts).toBeVisible();
  await expect(shortcuts).toContainText("Next (older) request");
  await page.keyboard.press("Escape");
  await expect(shortcuts).toHaveCount(0);

  // Narrow screens: Enter opens the request over the list, Escape brings the list back.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId("request-list").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("request-detail")).toBeVisible();
  await expect(page.getByTestId("request-list")).toBeHidden();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("request-list")).toBeVisible();
  await expect(page.getByTestId("request-detail")).toBeHidden();
});

const BOUNDARY = "----e2eBoundary7MA4YWxk";
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");

test("body views: multipart parts with files, XML pretty, hex for any body, large JSON for cURL, human sizes", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, unique("Bodies"));
  const multipart = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nQuarterly report\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="logo"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  await sendOk(ep.url, { method: "POST", path: "/upload", headers: [["Content-Type", `multipart/form-data; boundary=${BOUNDARY}`]], body: multipart }); // 1
  await sendOk(ep.url, { method: "POST", path: "/xml", headers: [["Content-Type", "application/xml"]], body: '<?xml version="1.0"?><order id="7"><item sku="a"/><note>Ship</note></order>' }); // 2
  const big = JSON.stringify({ items: Array.from({ length: 20_000 }, (_, i) => ({ i, note: "x" })) }); // a few hundred KiB of JSON
  await sendOk(ep.url, { method: "POST", path: "/big", headers: [["Content-Type", "application/json"]], body: big }); // 3
  await openInbox(page, ep);
  await expectSeqs(page, [3, 2, 1]);

  const detail = await openRequest(page, 1);
  await showTab(page, "Body");
  const parts = detail.getByTestId("multipart-parts");
  await expect(parts.getByTestId("multipart-part")).toHaveCount(2);
  await expect(parts.getByTestId("part-value")).toHaveText("Quarterly report");
  await expect(parts.getByTestId("part-filename")).toHaveText("logo.png");
  await expect(parts.getByTestId("multipart-part").nth(1)).toContainText("image/png");
  await expect(parts.getByTestId("part-size").nth(1)).toHaveText(`${PNG.length} B`);
  const [file] = await Promise.all([page.waitForEvent("download"), parts.getByRole("button", { name: "Download logo.png" }).click()]);
  expect(file.suggestedFilename()).toBe("logo.png");
  // Hex of the exact bytes, for any body.
  await detail.getByRole("button", { name: "Hex" }).click();
  await expect(detail.getByTestId("hex-dump")).toContainText("|------e2eBoundar|");

  await openRequest(page, 2);
  await showTab(page, "Body");
  await expect(detail.getByTestId("body-text")).toHaveText(['<?xml version="1.0"?>', '<order id="7">', '  <item sku="a"/>', "  <note>Ship</note>", "</order>"].join("\n"));
  await detail.getByRole("button", { name: "As received" }).click();
  await expect(detail.getByTestId("body-text")).toHaveText('<?xml version="1.0"?><order id="7"><item sku="a"/><note>Ship</note></order>');

  await openRequest(page, 3);
  await expect(rowBySeq(page, 3)).toContainText(`${Math.round(big.length / 1024)} KiB`);
  await expect(detail.getByTestId("curl-body-file")).toContainText("too long for one command-line argument");
  await expect(detail.getByTestId("curl-body-file")).toContainText("body-3.json");
  await expect(detail.getByTestId("curl-body-file")).not.toContainText("binary");
  // Times are relative in the list, exact on hover.
  await expect(rowBySeq(page, 3).locator("time")).toHaveText(/just now|s ago/);
  await expect(rowBySeq(page, 3).locator("time")).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
});

test("requests refused with 413 and 429 are counted for the endpoint and explained", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, unique("Refused"));
  expect((await send(ep.url, { method: "POST", path: "/huge", body: Buffer.alloc(1024 * 1024 + 1, 97) })).status).toBe(413);
  expect((await page.request.patch(`/api/endpoints/${ep.id}`, { data: { rateLimitPerMinute: 1 } })).status()).toBe(200);
  await sendOk(ep.url, { path: "/ok" });
  expect((await send(ep.url, { method: "POST", path: "/too-fast", body: "x" })).status).toBe(429);
  await openInbox(page, ep);
  // Counted in memory and saved every 2 s; the inbox's figures refresh every 10 s.
  const banner = page.getByTestId("refused-banner");
  await expect(banner).toContainText("2 refused", { timeout: 20_000 });
  await expect(banner).toContainText("1 too large (413)");
  await expect(banner).toContainText("1 rate limited (429)");
  await expect(page.getByRole("navigation", { name: "Endpoints" }).locator('[aria-current="page"]').getByTestId("endpoint-refused")).toHaveText("2 refused");
  await banner.getByRole("button", { name: "Details" }).click();
  await expect(page.getByText("POST /huge, body of 1,048,577 bytes, over the 1.0 MiB limit")).toBeVisible();
  await page.keyboard.press("Escape");
  await banner.getByRole("button", { name: "Dismiss" }).click();
  await expect(banner).toHaveCount(0);
  expect(await renderedSeqs(page)).toEqual([1]); // nothing refused was stored
});
