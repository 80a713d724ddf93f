import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/db/generated/client";
import { migratedDb } from "./helpers/temp-db";

/**
 * Proves prisma/migrations and prisma/schema.prisma agree: every model in the generated client is
 * written with every field set and read back on a freshly migrated database. A model without a
 * fixture here fails the suite, so a new model cannot skip the check.
 */
type Db = ReturnType<typeof migratedDb>;
let db: Db;
beforeAll(() => { db = migratedDb(); });
afterAll(() => db.cleanup());

type Fixture = (p: Db["prisma"]) => Promise<{ created: object; read: () => Promise<object | null> }>;

const user = (p: Db["prisma"], email: string) => p.user.create({ data: { email, name: "Ada", passwordHash: "scrypt$x" } });

const fixtures: Record<Prisma.ModelName, Fixture> = {
  User: async (p) => {
    const created = await user(p, "user@example.com");
    return { created, read: () => p.user.findUnique({ where: { id: created.id } }) };
  },
  Account: async (p) => {
    const u = await user(p, "account@example.com");
    const created = await p.account.create({ data: { userId: u.id, provider: "github", providerAccountId: "42" } });
    return { created, read: () => p.account.findUnique({ where: { provider_providerAccountId: { provider: "github", providerAccountId: "42" } } }) };
  },
  Session: async (p) => {
    const u = await user(p, "session@example.com");
    const created = await p.session.create({ data: { id: "sid_1", userId: u.id, createdAt: new Date("2026-11-30T10:00:00.000Z"), revokedAt: new Date("2026-11-30T11:00:00.000Z") } });
    return { created, read: () => p.session.findUnique({ where: { id: "sid_1" } }) };
  },
  ApiToken: async (p) => {
    const created = await token(p, "token@example.com");
    return { created, read: () => p.apiToken.findUnique({ where: { tokenHash: "h".repeat(64) } }) };
  },
  ApiUsage: async (p) => {
    const t = await token(p, "usage@example.com", "u".repeat(64));
    const created = await p.apiUsage.create({
      data: { tokenId: t.id, endpointId: "ep_1", ok: 5, notModified: 40, longPolls: 3, limited: 1, bytes: 12345, updatedAt: new Date("2026-11-30T12:00:00.000Z") },
    });
    return { created, read: () => p.apiUsage.findUnique({ where: { tokenId_endpointId: { tokenId: t.id, endpointId: "ep_1" } } }) };
  },
  Endpoint: async (p) => {
    const u = await user(p, "endpoint@example.com");
    const created = await p.endpoint.create({
      data: {
        userId: u.id, slug: "s".repeat(24), name: "Stripe", responseStatus: 202, responseHeaders: '[["X-A","1"]]',
        responseBody: "ok", responseDelayMs: 5, maxRequests: 7, rateLimitPerMinute: 60, lastSeq: 3,
        replayUrls: '["https://example.com/hooks"]',
      },
    });
    return { created, read: () => p.endpoint.findUnique({ where: { slug: "s".repeat(24) } }) };
  },
  CapturedRequest: async (p) => {
    const u = await user(p, "captured@example.com");
    const e = await p.endpoint.create({ data: { userId: u.id, slug: "c".repeat(24) } });
    const created = await p.capturedRequest.create({
      data: {
        id: "req_1", endpointId: e.id, seq: 1, method: "POST", path: "/a/b", query: "x=1", headers: '[["Host","h"]]',
        body: new Uint8Array([0, 255, 10]), contentType: "application/octet-stream", size: 3, ip: "203.0.113.9",
        receivedAt: new Date("2026-11-22T10:00:00.123Z"), signatureStatus: "invalid", signature: '{"status":"invalid"}', deliveryId: "evt_1",
        experimentId: "exp_1",
      },
    });
    return { created, read: () => p.capturedRequest.findUnique({ where: { endpointId_seq: { endpointId: e.id, seq: 1 } } }) };
  },
  Verification: async (p) => {
    const u = await user(p, "verification@example.com");
    const e = await p.endpoint.create({ data: { userId: u.id, slug: "v".repeat(24) } });
    const created = await p.verification.create({
      data: { id: "ver_1", endpointId: e.id, setting: '{"scheme":"github"}', secrets: '[{"id":"s1","box":"v1:a:b:c","hint":"1234"}]', createdAt: new Date("2026-11-30T10:00:00.000Z") },
    });
    return { created, read: () => p.verification.findUnique({ where: { id: "ver_1" } }) };
  },
  ForwardRule: async (p) => {
    const created = await rule(p, "rule@example.com");
    return { created, read: () => p.forwardRule.findUnique({ where: { id: created.id } }) };
  },
  Delivery: async (p) => {
    const created = await delivery(p, "delivery@example.com");
    return { created, read: () => p.delivery.findUnique({ where: { id: created.id } }) };
  },
  ReplayJob: async (p) => {
    const created = await replayJob(p, "job@example.com");
    return { created, read: () => p.replayJob.findUnique({ where: { id: created.id } }) };
  },
  ForwardCursor: async (p) => {
    const t = await token(p, "cursor@example.com", "k".repeat(64));
    const e = await p.endpoint.create({ data: { userId: t.userId, slug: "k".repeat(24) } });
    const created = await p.forwardCursor.create({ data: { tokenId: t.id, endpointId: e.id, seq: 41, updatedAt: new Date("2026-12-01T10:00:00.000Z") } });
    return { created, read: () => p.forwardCursor.findUnique({ where: { tokenId_endpointId: { tokenId: t.id, endpointId: e.id } } }) };
  },
  DeliveryAttempt: async (p) => {
    const d = await delivery(p, "attempt@example.com");
    const created = await p.deliveryAttempt.create({
      data: {
        deliveryId: d.id, startedAt: new Date("2026-11-22T10:00:01.500Z"), target: "https://example.com/x", status: 503,
        responseHeaders: '[["Retry-After","5"]]', responseBody: new Uint8Array([1, 2]), durationMs: 12, error: "HTTP 503",
      },
    });
    return { created, read: () => p.deliveryAttempt.findUnique({ where: { id: created.id } }) };
  },
  EndpointActivity: async (p) => {
    const u = await user(p, "activity@example.com");
    const e = await p.endpoint.create({ data: { userId: u.id, slug: "a".repeat(24) } });
    const created = await p.endpointActivity.create({ data: { endpointId: e.id, hour: 495_000, requests: 12 } });
    return { created, read: () => p.endpointActivity.findUnique({ where: { endpointId_hour: { endpointId: e.id, hour: 495_000 } } }) };
  },
  EndpointRejection: async (p) => {
    const u = await user(p, "rejection@example.com");
    const e = await p.endpoint.create({ data: { userId: u.id, slug: "r".repeat(24) } });
    const created = await p.endpointRejection.create({
      data: { endpointId: e.id, reason: "too_large", count: 3, lastAt: new Date("2026-11-22T10:00:00.250Z"), lastDetail: "POST /x, 2.0 MB" },
    });
    return { created, read: () => p.endpointRejection.findUnique({ where: { endpointId_reason: { endpointId: e.id, reason: "too_large" } } }) };
  },
  PushLatency: async (p) => {
    const u = await user(p, "latency@example.com");
    const e = await p.endpoint.create({ data: { userId: u.id, slug: "l".repeat(24) } });
    const created = await p.pushLatency.create({ data: { endpointId: e.id, hour: 495_000, source: "browser", buckets: '{"40":3}', count: 3, sumMs: 4.5, maxMs: 2.25 } });
    return { created, read: () => p.pushLatency.findUnique({ where: { endpointId_hour_source: { endpointId: e.id, hour: 495_000, source: "browser" } } }) };
  },
  Experiment: async (p) => {
    const u = await user(p, "experiment@example.com");
    const e = await p.endpoint.create({ data: { userId: u.id, slug: "x".repeat(24) } });
    const created = await p.experiment.create({
      data: {
        id: "exp_1", userId: u.id, endpointId: e.id, state: "finished", config: '{"durationSeconds":20}', error: "cancelled",
        createdAt: new Date("2026-12-02T10:00:00.000Z"), finishedAt: new Date("2026-12-02T10:00:21.500Z"), report: '{"events":40}',
        samples: '{"sentMs":[1]}', shareHash: "f".repeat(64),
      },
    });
    return { created, read: () => p.experiment.findUnique({ where: { shareHash: "f".repeat(64) } }) };
  },
};

async function token(p: Db["prisma"], email: string, hash = "h".repeat(64)) {
  const u = await user(p, email);
  return p.apiToken.create({
    data: {
      id: `tok_${email}`, userId: u.id, name: "CI", prefix: "whi_AbCd", tokenHash: hash, readOnly: true, endpointIds: '["ep_1"]',
      createdAt: new Date("2026-11-30T10:00:00.000Z"), lastUsedAt: new Date("2026-11-30T11:00:00.000Z"), revokedAt: new Date("2026-11-30T12:00:00.000Z"),
      expiresAt: new Date("2026-11-30T13:00:00.000Z"), hourlyLimit: 5000,
    },
  });
}

async function rule(p: Db["prisma"], email: string) {
  const u = await user(p, email);
  const e = await p.endpoint.create({ data: { userId: u.id, slug: email.slice(0, 3).repeat(8) } });
  return p.forwardRule.create({
    data: {
      endpointId: e.id, name: "to staging", enabled: false, targetUrl: "https://example.com{path}", conditions: '[{"type":"method","in":["POST"]}]',
      addHeaders: '[["X-A","1"]]', removeHeaders: '["Cookie"]', timeoutMs: 5000, retry: '{"count":3}', consecutiveFailures: 2,
      pausedAt: new Date("2026-11-22T10:00:00.000Z"), pausedReason: "20 consecutive failures",
    },
  });
}

async function delivery(p: Db["prisma"], email: string) {
  const r = await rule(p, email);
  const req = await p.capturedRequest.create({
    data: { id: `req_${email}`, endpointId: r.endpointId, seq: 1, method: "POST", path: "/", query: "", headers: "[]", body: new Uint8Array(), size: 0, ip: "::1", receivedAt: new Date() },
  });
  const job = await p.replayJob.create({ data: { ...jobFields, id: `job_${email}`, endpointId: r.endpointId } });
  return p.delivery.create({
    data: {
      id: `del_${email}`, requestId: req.id, ruleId: r.id, kind: "replay", state: "retrying", attemptCount: 2, nextAttemptAt: new Date("2026-11-22T11:00:00.000Z"),
      lastError: "timeout", targetUrl: "https://example.com/x?y=1", method: "PUT", headers: '[["X-A","1"],["X-A","2"]]',
      body: new Uint8Array([0, 255]), timeoutMs: 3000, replayJobId: job.id,
      createdAt: new Date("2026-11-22T10:00:00.000Z"), updatedAt: new Date("2026-11-22T10:30:00.000Z"),
    },
  });
}

const jobFields = {
  state: "paused", query: "method:POST", ruleId: "rule_1", ruleName: "to staging", targetUrl: "https://example.com{path}", ratePerSecond: 2.5, total: 500,
  createdAt: new Date("2026-12-01T10:00:00.000Z"), updatedAt: new Date("2026-12-01T10:01:00.000Z"), finishedAt: new Date("2026-12-01T10:02:00.000Z"),
};

async function replayJob(p: Db["prisma"], email: string) {
  const u = await user(p, email);
  const e = await p.endpoint.create({ data: { userId: u.id, slug: "j".repeat(24) } });
  return p.replayJob.create({ data: { ...jobFields, id: "job_1", endpointId: e.id } });
}

describe("schema conformance", () => {
  it("has a fixture for every model", () => {
    expect(Object.keys(fixtures).sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  for (const model of Object.values(Prisma.ModelName)) {
    it(`writes and reads ${model} with every field`, async () => {
      const { created, read } = await fixtures[model](db.prisma);
      expect(await read()).toEqual(created);
    });
  }
});
