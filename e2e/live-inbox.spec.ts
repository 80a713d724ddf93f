import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import {
  allListRows,
  confirm,
  endpointAction,
  search,
  toast,
  createEndpointViaApi,
  createEndpointViaUi,
  expectSeqs,
  liveStatus,
  openInbox,
  openRequest,
  renderedPaths,
  rowBySeq,
  rows,
  sendOk,
  showTab,
  sleep,
  tablePairs,
  type TestEndpoint,
} from "./helpers/inbox";

// Every test works on its own endpoint of the shared e2e user, so they do not see each other's rows.
const unique = (label: string) => `${label} ${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

/** A marker on window: still there later means the page was not reloaded in between. */
async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { __e2eMarker: number }).__e2eMarker = 42));
}
async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __e2eMarker?: number }).__e2eMarker)).toBe(42);
}

const STRIPE_EVENT = { id: "evt_1", type: "charge.succeeded", data: { object: { id: "ch_1", amount: 4200 } } };
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

test("requests arrive live, newest first, and each body gets its own viewer", async ({ page }) => {
  const ep = await createEndpointViaUi(page, unique("Live"));
  expect(ep.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/h\/[A-Za-z0-9_-]{24}$/);
  await expect(page.getByTestId("curl-example")).toContainText(`'${ep.url}'`);
  await expect(liveStatus(page)).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("empty-list")).toHaveText("Waiting for the first request…");
  await expect(page.getByTestId("new-pill")).toHaveCount(0);
  await markPage(page);

  const json = await sendOk(ep.url, {
    method: "POST",
    path: "/webhooks/stripe?x=1",
    headers: [["User-Agent", "e2e-live/1.0"], ["X-Trace-Id", "trace-1"], ["Content-Type", "application/json"], ["X-Multi", "one"], ["X-Multi", "two"]],
    body: JSON.stringify(STRIPE_EVENT),
  });
  const form = await sendOk(ep.url, {
    method: "PUT",
    path: "/form",
    headers: [["Content-Type", "application/x-www-form-urlencoded"], ["X-Form", "yes"]],
    body: "a=1&a=2&note=hello+world%21",
  });
  const binary = await sendOk(ep.url, {
    method: "POST",
    path: "/bin",
    headers: [["Content-Type", "application/octet-stream"]],
    body: BINARY,
  });

  // Live, without reload, newest first.
  await expectSeqs(page, [3, 2, 1]);
  expect(await renderedPaths(page)).toEqual(["/bin", "/form", "/webhooks/stripe?x=1"]);
  await expect(page.getByTestId("empty-list")).toHaveCount(0);
  // Following: the newest request is selected as it arrives, nothing waits behind a pill.
  await expect(rowBySeq(page, 3)).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("new-pill")).toHaveCount(0);
  await expect(rowBySeq(page, 2)).toContainText("PUT");
  await expect(rowBySeq(page, 3)).toContainText("application/octet-stream");
  await expectNotReloaded(page);

  // JSON request: opening it marks it read; headers in wire order; JSON tree; raw request line.
  const detail = await openRequest(page, 1);
  await expect(page.getByTestId("follow-toggle")).toHaveAttribute("aria-pressed", "false");
  await expect(detail.getByTestId("original-url")).toHaveText(`${ep.url}/webhooks/stripe?x=1`);
  await expect(detail.getByTestId("query-params")).toBeVisible();
  expect(await tablePairs(detail.getByTestId("query-params"))).toEqual([["x", "1"]]);
  await showTab(page, "Headers");
  expect(await tablePairs(detail.getByTestId("headers-table"))).toEqual(json.sentHeaders);
  await showTab(page, "Body");
  const tree = detail.getByTestId("json-tree");
  await expect(tree).toBeVisible();
  await expect(tree).toContainText('"id": "evt_1"');
  await expect(tree).toContainText('"type": "charge.succeeded"');
  await expect(tree).toContainText('"data": ');
  await expect(tree).toContainText('"object": ');
  await showTab(page, "Raw");
  const raw = (await detail.getByTestId("raw-http").textContent())!;
  expect(raw.startsWith(`POST /h/${ep.slug}/webhooks/stripe?x=1 HTTP/1.1\r\n`)).toBe(true);
  expect(raw).toBe(
    [`POST /h/${ep.slug}/webhooks/stripe?x=1 HTTP/1.1`, ...json.sentHeaders.map(([n, v]) => `${n}: ${v}`)].join("\r\n") +
      "\r\n\r\n" +
      JSON.stringify(STRIPE_EVENT),
  );

  // Form request: decoded fields in order, the repeated "a" kept twice.
  await openRequest(page, 2);
  await showTab(page, "Body");
  const fields = detail.getByTestId("form-fields");
  await expect(fields).toBeVisible();
  expect(await tablePairs(fields)).toEqual([["a", "1"], ["a", "2"], ["note", "hello world!"]]);
  await showTab(page, "Headers");
  expect(await tablePairs(detail.getByTestId("headers-table"))).toEqual(form.sentHeaders);

  // Binary request: hex dump of all 256 bytes.
  await openRequest(page, 3);
  await showTab(page, "Body");
  const hex = detail.getByTestId("hex-dump");
  await expect(hex).toBeVisible();
  const lines = (await hex.textContent())!.split("\n");
  expect(lines).toHaveLength(16);
  expect(lines[0].startsWith("00000000  00 01 02 03")).toBe(true);
  expect(lines[0]).toBe("00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|");
  expect(lines[2]).toBe("00000020  20 21 22 23 24 25 26 27  28 29 2a 2b 2c 2d 2e 2f  | !\"#$%&'()*+,-./|");
  expect(lines[15].startsWith("000000f0  f0 f1 f2 f3")).toBe(true);
  await expect(detail.getByTestId("json-tree")).toHaveCount(0);
  await showTab(page, "Headers");
  expect(await tablePairs(detail.getByTestId("headers-table"))).toEqual(binary.sentHeaders);
  await showTab(page, "Raw");
  await expect(detail.getByTestId("raw-http")).toContainText(`POST /h/${ep.slug}/bin HTTP/1.1`);
  await expect(detail.getByTestId("raw-http")).toContainText("[binary body: 256 bytes");
  await expectNotReloaded(page);
});

test("an HTML/script payload in body, header and path is shown as text and never runs", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, unique("XSS"));
  await openInbox(page, ep);

  const bodyPayload = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;
  const headerPayload = `<script>window.__pwned=3</script><img src=x onerror="window.__pwned=4">`;
  // A request target cannot hold spaces, so the path variant uses "/" as the attribute separator.
  const pathPayload = `/<script>window.__pwned=5</script><img/src="x"/onerror="window.__pwned=6">`;
  await sendOk(ep.url, {
    method: "POST",
    path: pathPayload,
    headers: [["Content-Type", "text/html"], ["X-Payload", headerPayload]],
    body: bodyPayload,
  });
  await expectSeqs(page, [1]);
  await expect(rowBySeq(page, 1).getByTestId("request-path")).toHaveText(pathPayload);

  const detail = await openRequest(page, 1);
  await expect(detail.getByTestId("original-url")).toHaveText(`${ep.url}${pathPayload}`);
  await showTab(page, "Body");
  await expect(detail.getByTestId("body-text")).toHaveText(bodyPayload);
  await showTab(page, "Headers");
  const headers = await tablePairs(detail.getByTestId("headers-table"));
  expect(headers).toContainEqual(["X-Payload", headerPayload]);
  expect(headers).toContainEqual(["Content-Type", "text/html"]);
  await showTab(page, "Raw");
  const raw = detail.getByTestId("raw-http");
  await expect(raw).toContainText(`POST /h/${ep.slug}${pathPayload} HTTP/1.1`);
  await expect(raw).toContainText(`X-Payload: ${headerPayload}`);
  expect((await raw.textContent())!.endsWith(`\r\n\r\n${bodyPayload}`)).toBe(true);

  // Give a would-be onerror handler time to fire (a failing image load is asynchronous).
  await sleep(500);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  const injected = await page.evaluate(() => ({
    scripts: [...document.querySelectorAll("script")].filter((s) => (s.textContent ?? "").includes("__pwned")).length,
    imgX: document.querySelectorAll('img[src="x"]').length,
    onerror: document.querySelectorAll("[onerror]").length,
  }));
  expect(injected).toEqual({ scripts: 0, imgX: 0, onerror: 0 });
});

test("requests sent before, while and after the page opens are each listed exactly once", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, unique("Before/after"));
  await sendOk(ep.url, { path: "/before/1" });
  await sendOk(ep.url, { path: "/before/2" });

  // Keep sending while the page loads and connects its stream: the gap between the list fetch
  // and the SSE subscription must neither drop nor repeat anything.
  let during = 0;
  let loading = true;
  const sender = (async () => {
    while (loading || during < 3) {
      during++;
      await sendOk(ep.url, { path: `/during/${during}` });
      await sleep(40);
    }
  })();
  await page.goto(`/endpoints/${ep.id}`);
  await expect(liveStatus(page)).toHaveAttribute("data-status", "live");
  loading = false;
  await sender;

  await sendOk(ep.url, { path: "/after/1" });
  await sendOk(ep.url, { path: "/after/2" });
  const paths = [
    "/before/1",
    "/before/2",
    ...Array.from({ length: during }, (_, i) => `/during/${i + 1}`),
    "/after/1",
    "/after/2",
  ].reverse();
  const expected = paths.map((path, i) => ({ seq: paths.length - i, path }));
  // The list is virtualized: read all of it by scrolling rather than only the rendered rows.
  await expect.poll(() => allListRows(page), { timeout: 10_000 }).toEqual(expected);
  // Still exactly once after a moment (a late replay would add a duplicate).
  await sleep(500);
  expect(await allListRows(page)).toEqual(expected);
});

test("deleting one request and clearing all update another open tab live", async ({ page, context }) => {
  const ep = await createEndpointViaApi(page.request, unique("Two tabs"));
  for (let i = 1; i <= 3; i++) await sendOk(ep.url, { path: `/r/${i}` });
  const other = await context.newPage();
  await openInbox(page, ep);
  await openInbox(other, ep);
  await expectSeqs(page, [3, 2, 1]);
  await expectSeqs(other, [3, 2, 1]);
  await markPage(other);

  await openRequest(page, 2);
  await page.getByRole("button", { name: "Delete request" }).click();
  await expectSeqs(page, [3, 1]);
  await expect(page.getByTestId("request-detail")).toHaveCount(0);
  await expectSeqs(other, [3, 1]);
  expect(await renderedPaths(other)).toEqual(["/r/3", "/r/1"]);

  // Dismissing the confirmation deletes nothing.
  await endpointAction(page, "Clear all requests…");
  await expect(page.getByTestId("confirm-dialog")).toContainText("Every request captured by");
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "Cancel" }).click();
  await sleep(300);
  await expectSeqs(page, [3, 1]);
  await expectSeqs(other, [3, 1]);

  await endpointAction(page, "Clear all requests…");
  await confirm(page, "Clear all");
  await expect(toast(page, "All requests cleared")).toBeVisible();
  await expect(page.getByTestId("empty-list")).toHaveText("Waiting for the first request…");
  await expect(other.getByTestId("empty-list")).toHaveText("Waiting for the first request…");
  await expect(rows(other)).toHaveCount(0);
  await expect(rows(page)).toHaveCount(0);

  // Both tabs are still live after the clear, and numbering continues rather than restarting.
  await sendOk(ep.url, { path: "/after-clear" });
  await expectSeqs(other, [4]);
  await expectSeqs(page, [4]);
  await expectNotReloaded(other);

  // Server side agrees: a reload shows the same single row.
  await other.reload();
  await expectSeqs(other, [4]);
  await other.close();
});

// Regression: "Clear all" used to refetch the list, and a request arriving over SSE while that
// refetch was in flight was overwritten by its older, empty answer. Any list fetch is held back
// here (so a refetch, if one came back, would land after the new request); the list must follow
// the stream's order alone, and no refetch should be needed at all.
test("a request arriving right after Clear all is not lost", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, unique("Clear race"));
  await sendOk(ep.url, { path: "/r/1" });
  await openInbox(page, ep);
  await expectSeqs(page, [1]);

  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held = 0;
  await page.route(`**/api/endpoints/${ep.id}/requests?*`, async (route) => {
    if (route.request().method() !== "GET") return route.fallback();
    const response = await route.fetch(); // read by the server now, before the new request exists
    held++;
    await released;
    await route.fulfill({ response });
  });
  await endpointAction(page, "Clear all requests…");
  await confirm(page, "Clear all");
  await expect(page.getByTestId("empty-list")).toBeVisible();

  await sendOk(ep.url, { path: "/during-refetch" });
  await expectSeqs(page, [2]); // the live event arrived and was shown...
  release();
  await sleep(500);
  await expectSeqs(page, [2], 3_000); // ...and is still there
  expect(held).toBe(0);
});

test("search queries narrow the list, Reset restores it, and live arrivals respect the filter", async ({ page }) => {
  const ep = await createEndpointViaApi(page.request, unique("Search"));
  const json = (v: unknown) => JSON.stringify(v);
  const jsonType: [string, string] = ["Content-Type", "application/json"];
  await sendOk(ep.url, { method: "POST", path: "/webhooks/stripe", headers: [jsonType, ["X-Source", "stripe"]], body: json({ type: "a", data: { object: { id: "evt_1" } } }) }); // 1
  await sendOk(ep.url, { method: "POST", path: "/webhooks/stripe", headers: [jsonType, ["X-Source", "stripe"]], body: json({ type: "b", data: { object: { id: "evt_2" } } }) }); // 2
  await sendOk(ep.url, { method: "GET", path: "/health?probe=1", headers: [["X-Source", "monitor"]] }); // 3
  await sendOk(ep.url, { method: "PUT", path: "/orders/7", headers: [["Content-Type", "text/plain"], ["X-Source", "shop"]], body: "order shipped" }); // 4
  await sendOk(ep.url, { method: "DELETE", path: "/orders/8" }); // 5
  // Mentions evt_2 in the body, but not at data.object.id.
  await sendOk(ep.url, { method: "PATCH", path: "/users/1", headers: [jsonType, ["X-Source", "admin-monitoring"]], body: json({ name: "evt_2" }) }); // 6

  await openInbox(page, ep);
  await expectSeqs(page, [6, 5, 4, 3, 2, 1]);
  const input = page.getByLabel("Search requests");

  // Live as you type (debounced), each term a chip.
  await search(page, "method:put,DELETE", [5, 4]);
  await expect(page.getByTestId("filter-chip")).toHaveText(["method PUT or DELETE"]);
  await search(page, "path:/webhooks/stripe", [2, 1]);
  await search(page, "header:x-source~onitor", [6, 3]);
  await search(page, "header:X-Source=shop", [4]);
  await search(page, "evt_2", [6, 2]);
  await search(page, "body.data.object.id:evt_2", [2]);
  await search(page, "-method:GET,POST path:/*/*", [6, 5, 4]);
  await expect(page.getByTestId("filter-chip")).toHaveText(["not method GET or POST", "path /*/*"]);
  await search(page, "-method:PATCH path:/orders/*", [5, 4]);
  // A chip's × removes just its term.
  await page.getByRole("button", { name: "Remove filter path /orders/*" }).click();
  await expect(input).toHaveValue("-method:PATCH");
  await expectSeqs(page, [5, 4, 3, 2, 1]);
  await search(page, "path:/no-such-path", []);
  await expect(page.getByTestId("empty-list")).toHaveText("No request matches this search.");

  await page.getByRole("button", { name: "Clear the search" }).click();
  await expectSeqs(page, [6, 5, 4, 3, 2, 1]);
  await expect(input).toHaveValue("");
  await expect(page.getByTestId("filter-chip")).toHaveCount(0);

  // While filtered, a non-matching arrival stays out and a matching one shows up.
  await search(page, "path:/webhooks/stripe/**", [2, 1]);
  await sendOk(ep.url, { method: "POST", path: "/other", headers: [jsonType], body: json({ data: { object: { id: "evt_9" } } }) }); // 7
  await sendOk(ep.url, { method: "POST", path: "/webhooks/stripe/retry", headers: [jsonType], body: json({ data: { object: { id: "evt_3" } } }) }); // 8
  await expectSeqs(page, [8, 2, 1], 5_000);
  await sleep(700); // past the refetch debounce: still no /other
  await expectSeqs(page, [8, 2, 1]);
  await expect(rowBySeq(page, 7)).toHaveCount(0);

  // The unfiltered list kept up meanwhile.
  await input.fill("");
  await expectSeqs(page, [8, 7, 6, 5, 4, 3, 2, 1]);
});

async function download(page: Page, item: "Export JSON" | "Export HAR") {
  const [file] = await Promise.all([page.waitForEvent("download"), endpointAction(page, item)]);
  const text = fs.readFileSync((await file.path())!, "utf8");
  return { name: file.suggestedFilename(), data: JSON.parse(text) };
}

test("Export HAR and Export JSON download every request (and honour the active filter)", async ({ page }) => {
  const ep: TestEndpoint = await createEndpointViaApi(page.request, unique("Export"));
  const sent = [
    { method: "POST", path: "/webhooks/stripe?x=1", headers: [["Content-Type", "application/json"]] as [string, string][], body: Buffer.from(JSON.stringify(STRIPE_EVENT)) },
    { method: "PUT", path: "/form", headers: [["Content-Type", "application/x-www-form-urlencoded"]] as [string, string][], body: Buffer.from("a=1&a=2") },
    { method: "POST", path: "/bin", headers: [["Content-Type", "application/octet-stream"]] as [string, string][], body: BINARY },
  ];
  for (const s of sent) await sendOk(ep.url, s);
  await openInbox(page, ep);
  await expectSeqs(page, [3, 2, 1]);

  const har = await download(page, "Export HAR");
  expect(har.name).toMatch(/\.har$/);
  expect(har.data.log.version).toBe("1.2");
  expect(har.data.log.entries).toHaveLength(3);
  expect(har.data.log.entries.map((e: { request: { method: string; url: string } }) => [e.request.method, e.request.url])).toEqual(
    sent.map((s) => [s.method, `${ep.url}${s.path}`]),
  );
  expect(har.data.log.entries[1].request.postData.params).toEqual([{ name: "a", value: "1" }, { name: "a", value: "2" }]);
  expect(har.data.log.entries[2].request.postData).toMatchObject({ encoding: "base64", text: BINARY.toString("base64") });

  const exported = await download(page, "Export JSON");
  expect(exported.name).toMatch(/\.json$/);
  expect(exported.data.endpoint).toMatchObject({ id: ep.id, url: ep.url });
  const requests = exported.data.requests as { seq: number; method: string; path: string; query: string; bodyBase64: string }[];
  expect(requests.map((r) => r.seq)).toEqual([3, 2, 1]);
  expect(requests.map((r) => [r.method, r.path, r.query, r.bodyBase64])).toEqual(
    [...sent].reverse().map((s) => [s.method, s.path.split("?")[0], s.path.split("?")[1] ?? "", s.body.toString("base64")]),
  );

  // With a filter applied, the export contains only what the list shows.
  await search(page, "method:PUT", [2]);
  const filtered = await download(page, "Export JSON");
  expect(filtered.data.requests.map((r: { seq: number }) => r.seq)).toEqual([2]);
  const filteredHar = await download(page, "Export HAR");
  expect(filteredHar.data.log.entries.map((e: { request: { method: string } }) => e.request.method)).toEqual(["PUT"]);
});
