import path from "node:path";
import { z } from "zod";
import { databaseKind, type DatabaseKind } from "@/lib/db/kind";
import { parseAllowList } from "@/lib/forwarding/ssrf";

/**
 * Every environment variable the app reads, validated in one place. A bad value stops start-up
 * with a message naming the variable (see `loadConfig`). README "Configuration" mirrors this list.
 */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
/** An empty value takes the schema's default, like an unset one. */
const emptyAsUnset = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema);

const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: z
      .string()
      .default("file:./data/inbox.db")
      .refine((v) => databaseKind(v) !== null, {
        message: "must be a SQLite file URL such as file:./data/inbox.db or a PostgreSQL URL such as postgres://user:pass@host:5432/inbox",
      }),
    // PostgreSQL only: connections per instance, statement and connect time limits, and whether
    // live events travel by LISTEN/NOTIFY (auto: yes unless a transaction-mode pooler breaks it).
    DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(500).default(10),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
    DATABASE_NOTIFY: z.enum(["auto", "off"]).default("auto"),
    PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    // Inbound URLs on their own origin (e.g. https://hooks.example.com): browsers then never send
    // the dashboard's cookies to them. The recommended production set-up (README "Security").
    INBOUND_PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    NEXTAUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    NEXTAUTH_URL: optionalString.pipe(z.url().optional()),
    // WAL + NORMAL: a commit survives a process crash; a power cut may roll back the last few.
    // FULL also fsyncs every commit: power-loss safe, about a third of the capture throughput here.
    SQLITE_SYNCHRONOUS: z.enum(["normal", "full"]).default("normal"),
    MAX_BODY_BYTES: z.coerce.number().int().min(0).max(1024 ** 3).default(1024 * 1024),
    TRUST_PROXY: z
      .enum(["true", "false", "1", "0", ""])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    MAX_REQUESTS_PER_ENDPOINT: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
    // Forwarding never connects to private/loopback/link-local/... addresses unless opened here.
    FORWARD_ALLOW_HOSTS: optionalString,
    FORWARD_ALLOW_CIDRS: optionalString,
    FORWARD_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    // How long a worker holds a delivery it is sending; an instance that dies mid-attempt leaves a
    // lease that another takes over when it expires. Longer than any attempt (timeouts <= 60 s).
    FORWARD_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(90_000),
    FORWARD_PAUSE_AFTER_FAILURES: z.coerce.number().int().min(1).max(10_000).default(20),
    // Key for signature secrets at rest (32 bytes, base64 or hex); generated into DATA_DIR when unset.
    SECRETS_KEY: optionalString,
    // Sign-in and sign-up attempts per minute from one address (bursts of twice this); lib/auth/throttle.ts.
    AUTH_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(10),
    // Pull API (/api/v1) calls per token per clock hour, 304s included.
    API_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(100_000_000).default(1000),
    // Where live experiments send their webhooks and API calls; unset = this server's own listening
    // address. Tests point it at a recording proxy in front of the server (tests/experiments.test.ts).
    EXPERIMENT_TARGET_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    // Time from SIGTERM/SIGINT to exit: in-flight work finishes or is handed back within it.
    SHUTDOWN_GRACE_MS: emptyAsUnset(z.coerce.number().int().min(100).max(600_000).default(10_000)),
    // Bearer token for GET /metrics; unset = open (keep the port private then).
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    LOG_LEVEL: emptyAsUnset(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")),
    // Pretty for a person at a terminal, JSON (one object per line) for log collectors.
    LOG_FORMAT: emptyAsUnset(z.enum(["json", "pretty"]).optional()).transform((v) => v ?? (process.stdout.isTTY ? "pretty" : "json")),
    GITHUB_ID: optionalString,
    GITHUB_SECRET: optionalString,
  })
  .superRefine((c, ctx) => {
    try {
      parseAllowList(c.FORWARD_ALLOW_HOSTS, c.FORWARD_ALLOW_CIDRS);
    } catch (err) {
      ctx.addIssue({ code: "custom", path: [c.FORWARD_ALLOW_CIDRS ? "FORWARD_ALLOW_CIDRS" : "FORWARD_ALLOW_HOSTS"], message: (err as Error).message });
    }
    if (Boolean(c.GITHUB_ID) !== Boolean(c.GITHUB_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [c.GITHUB_ID ? "GITHUB_SECRET" : "GITHUB_ID"],
        message: "GITHUB_ID and GITHUB_SECRET must be set together",
      });
    }
  });

export type AppConfig = z.infer<typeof configSchema> & {
  databaseKind: DatabaseKind;
  /** Absolute path of the SQLite database file; null on PostgreSQL. */
  databaseFile: string | null;
  /** Absolute path of the data directory. */
  dataDir: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? "config");
      return `  ${name}=${JSON.stringify(env[name] ?? "")}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  return {
    ...c,
    dataDir: path.resolve(c.DATA_DIR),
    databaseKind: databaseKind(c.DATABASE_URL)!,
    databaseFile: databaseKind(c.DATABASE_URL) === "sqlite" ? sqliteFilePath(c.DATABASE_URL) : null,
  };
}

/** `file:./data/inbox.db` -> absolute path, resolved against the working directory. */
export function sqliteFilePath(url: string): string {
  const raw = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path.resolve(raw);
}

let cached: AppConfig | undefined;
/** The process's config, validated once. server.ts has already exited on a bad value. */
export function getConfig(): AppConfig {
  cached ??= loadConfig();
  return cached;
}
