// `npm run bench [scenario...]`: prints one JSON line per scenario. Every figure that has a target
// is reported next to a baseline measured in the same run (see README "Benchmarks").
import { captureScenario } from "./capture";
import { captureSignedScenario } from "./capture-signed";
import { cliScenario } from "./cli";
import { clusterLiveScenario } from "./cluster";
import { compareScenario } from "./compare";
import { forwardOutageScenario, forwardOverheadScenario } from "./forward";
import { fanoutScenario } from "./fanout";
import { inboxScenario } from "./inbox";
import { liveBrowserScenario, liveLatencyScenario } from "./live";
import { pullScenario } from "./pull";
import { searchScenario } from "./search";

// BENCH_DATABASE=postgres (with TEST_POSTGRES_URL naming a server to create databases on): the
// capture runs with one and with two instances, and cluster_live measures events across them.
const postgres = process.env.BENCH_DATABASE === "postgres";

const scenarios: Record<string, () => Promise<void>> = {
  capture: async () => {
    const requests = Number(process.env.BENCH_REQUESTS ?? 150_000);
    for (const instances of postgres ? [1, 2] : [1]) await captureScenario({ requests, instances });
  },
  cluster_live: () => (postgres ? clusterLiveScenario() : Promise.resolve(console.error("cluster_live needs BENCH_DATABASE=postgres; skipped"))),
  capture_signed: () => captureSignedScenario(),
  live_node: () => liveLatencyScenario(),
  live_chromium: () => liveBrowserScenario(),
  live_fanout: async () => {
    for (const n of (process.env.BENCH_FANOUT_SUBSCRIBERS ?? "1000,5000").split(",")) await fanoutScenario({ subscribers: Number(n) });
  },
  forward: () => forwardOverheadScenario(),
  forward_outage: () => forwardOutageScenario(),
  search: () => searchScenario(),
  pull: () => pullScenario(),
  compare: () => compareScenario(),
  inbox_100k: () => inboxScenario(),
  cli: () => cliScenario(),
  capture_sync_full: () => captureScenario({ requests: Number(process.env.BENCH_REQUESTS ?? 150_000) / 3, rounds: 5, synchronous: "full" }),
};

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
for (const name of chosen) {
  const run = scenarios[name];
  if (!run) {
    console.error(`unknown scenario "${name}"; choose from: ${Object.keys(scenarios).join(", ")}`);
    process.exit(2);
  }
  await run();
}
