import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppConfig } from "@/lib/config/env";
import { getPrisma } from "@/lib/db/client";
import { HourlyBudget } from "./rate-limit";
import { createApiRouter } from "./router";
import { UsageCounter } from "./usage";
import { openApiDocument } from "./v1/openapi";
import { v1Routes } from "./v1/routes";

export const API_PREFIX = "/api/v1/";

/** Builds the pull API for server.ts: routes, per-token budget, usage counts, and its OpenAPI document. */
export function startApi(config: AppConfig, version: string) {
  // At least the budget's average spacing: polling faster than this spends the hour early.
  const routes = v1Routes({ pollIntervalSeconds: Math.max(1, Math.ceil(3600 / config.API_RATE_LIMIT_PER_HOUR)) });
  const usage = new UsageCounter(getPrisma());
  usage.start();
  const handle = createApiRouter(routes, { budget: new HourlyBudget(config.API_RATE_LIMIT_PER_HOUR), usage, trustProxy: config.TRUST_PROXY });
  const document = openApiDocument(routes, { version, serverUrl: config.PUBLIC_URL });
  return {
    handle: (req: IncomingMessage, res: ServerResponse) => handle(req, res, () => document),
    document,
    stop: async () => {
      usage.stop();
      await usage.flush().catch(() => undefined);
    },
  };
}
