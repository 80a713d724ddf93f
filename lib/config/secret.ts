import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SECRET_FILE = "auth-secret";

/**
 * The next-auth signing secret. A configured one wins; otherwise embedded mode generates one on
 * first start and keeps it in the data directory so sessions survive restarts. The file is created
 * with mode 0600 and never committed (data/ is git-ignored).
 */
export function resolveAuthSecret(dataDir: string, configured?: string): string {
  privateDataDir(dataDir);
  if (configured) return configured;
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const secret = randomBytes(48).toString("base64url");
  // wx: if two processes race on first start, the loser reads the winner's secret.
  try {
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw err;
  }
}

/** The data directory (secrets, usually the database) is its owner's alone: 0700, also if it existed. */
export function privateDataDir(dataDir: string) {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
}
