import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig, type AppConfig } from "@/lib/config/env";
import { resolveAuthSecret } from "@/lib/config/secret";
import { resolveSecretsKey } from "@/lib/signatures/secret-box";
import { MigrationError, migrate } from "@/lib/db/migrator";
import { migratePostgres } from "@/lib/db/postgres-migrator";
import { createLogger, log } from "@/lib/log/logger";

/**
 * Everything that must happen before the HTTP server listens: validated config, the auth secret,
 * migrations, and a production build when none exists. Returns the config, or exits the process
 * with a message that names the problem.
 */
export async function prepare(root: string): Promise<AppConfig> {
  let config: AppConfig;
  try {
    config = loadConfig();
    // Next's route handlers read these from process.env, so normalise them once here.
    // Next reads NODE_ENV at load; a production server must say so before next() is called.
    Object.assign(process.env, { NODE_ENV: config.NODE_ENV, DATABASE_URL: config.DATABASE_URL });
    process.env.NEXTAUTH_SECRET = resolveAuthSecret(config.dataDir, config.NEXTAUTH_SECRET ?? config.AUTH_SECRET);
    if (!config.NEXTAUTH_URL && config.PUBLIC_URL) process.env.NEXTAUTH_URL = config.PUBLIC_URL;
    // Without a fixed URL, next-auth derives its origin from the request (Next sets X-Forwarded-*).
    if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "true";
    // Generated on first start like the session secret; a damaged key file stops start-up here,
    // before anything could try to decrypt with it.
    try {
      resolveSecretsKey(config.dataDir, config.SECRETS_KEY);
    } catch (err) {
      throw new ConfigError(`SECRETS_KEY: ${(err as Error).message}`);
    }

    const result = config.databaseFile
      ? migrate(config.databaseFile, path.join(root, "prisma", "migrations"))
      : await migratePostgres(config.DATABASE_URL, path.join(root, "prisma", "postgres", "migrations"));
    if (result.applied.length) log().info({ migrations: result.applied }, "applied migrations");
  } catch (err) {
    if (err instanceof ConfigError || err instanceof MigrationError) {
      // A bad LOG_* value is among the possible errors, so this one line uses the default settings.
      (err instanceof ConfigError ? createLogger(loadConfig({})) : log()).fatal(err.message);
      process.exit(1);
    }
    throw err;
  }

  if (config.NODE_ENV !== "development" && !fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    log().info("no production build found: running `next build` (about two minutes on 2 cores)");
    const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
    const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) {
      log().fatal("`next build` failed; see the output above");
      process.exit(1);
    }
  }
  return config;
}
