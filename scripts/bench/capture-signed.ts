import { createHmac } from "node:crypto";
import { signedInClient } from "@/tests/helpers/http-client";
import { removeDir, startAppServer } from "@/tests/helpers/app-server";
import { jsonBody, load, report, round, type LoadResult } from "./harness";

/**
 * `capture_signed`: capture throughput with a signature verification configured (GitHub, a valid
 * X-Hub-Signature-256 on every request) against the same server's throughput without one, in
 * alternating rounds of the same run. Both endpoints get the same requests, signature header
 * included; only one checks it. Target: within 10 % (ratio >= 0.9).
 */
export async function captureSignedScenario({ requests = 100_000, rounds = 10, connections = 32 } = {}) {
  const body = jsonBody(1024);
  const secret = "bench-signing-secret";
  const headers = { "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`, "x-github-delivery": "bench" };
  const perRound = Math.ceil(requests / rounds);
  const app = await startAppServer();
  try {
    const client = await signedInClient(app.url, "bench-signed@example.com");
    const make = async (name: string) => {
      const e = (await client.json("POST", "/api/endpoints", { name })).body;
      await client.json("PATCH", `/api/endpoints/${e.id}`, { maxRequests: 10_000_000 });
      return e as { id: string; slug: string };
    };
    const [plain, signed] = [await make("plain"), await make("signed")];
    await client.json("POST", `/api/endpoints/${signed.id}/verifications`, { scheme: "github", secret });
    const urls = { plain: `${app.url}/h/${plain.slug}/b`, signed: `${app.url}/h/${signed.slug}/b` };
    for (const url of Object.values(urls)) await load({ url, connections, amount: 20_000, body, headers });

    const runs: { plain: LoadResult; signed: LoadResult }[] = [];
    for (let i = 0; i < rounds; i++) {
      runs.push({ plain: await load({ url: urls.plain, connections, amount: perRound, body, headers }), signed: await load({ url: urls.signed, connections, amount: perRound, body, headers }) });
    }
    const ratios = runs.map((r) => r.signed.rps / r.plain.rps).sort((a, b) => a - b);
    const check = (await client.json("GET", `/api/endpoints/${signed.id}/requests?limit=1&q=sig:valid`)).body.requests.length;
    report({
      scenario: "capture_signed",
      scheme: "github",
      body_bytes: 1024,
      connections,
      rounds,
      plain_rps: Math.round(median(runs.map((r) => r.plain.rps))),
      signed_rps: Math.round(median(runs.map((r) => r.signed.rps))),
      ratio: round(ratios[Math.floor((ratios.length - 1) / 2)], 3),
      round_ratios: ratios.map((r) => round(r, 3)),
      within_10_percent: ratios[Math.floor((ratios.length - 1) / 2)] >= 0.9,
      signatures_valid: check === 1,
      non2xx: runs.reduce((n, r) => n + r.plain.non2xx + r.signed.non2xx, 0),
    });
  } finally {
    await app.stop();
    await removeDir(app.dataDir);
  }
}

function median(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}
