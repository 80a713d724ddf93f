import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The text kept in `<dataDir>/<name>`: read when present, otherwise generated once and written with
 * mode 0600 (data/ is git-ignored). Used for every generated secret the app keeps across restarts.
 * A file that fails `valid` is an error, not a reason to generate a new value: replacing the
 * signature secrets key would make every stored secret undecryptable.
 */
export function readOrCreateSecretFile(
  dataDir: string,
  name: string,
  generate: () => string,
  valid: (text: string) => boolean,
): string {
  const file = path.join(dataDir, name);
  const read = () => {
    const text = fs.readFileSync(file, "utf8").trim();
    if (!valid(text)) throw new Error(`${file} does not hold a valid value; restore it, or delete it to generate a new one`);
    return text;
  };
  try {
    return read();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  privateDataDir(dataDir);
  const text = generate();
  // wx: if two processes race on first start, the loser reads the winner's value.
  try {
    fs.writeFileSync(file, text + "\n", { mode: 0o600, flag: "wx" });
    return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return read();
    throw err;
  }
}

/**
 * The next-auth signing secret. A configured one wins; otherwise embedded mode generates one on
 * first start and keeps it in the data directory so sessions survive restarts.
 */
export function resolveAuthSecret(dataDir: string, configured?: string): string {
  privateDataDir(dataDir);
  if (configured) return configured;
  return readOrCreateSecretFile(dataDir, "auth-secret", () => randomBytes(48).toString("base64url"), (s) => s.length >= 32);
}

/** The data directory (secrets, usually the database) is its owner's alone: 0700, also if it existed. */
export function privateDataDir(dataDir: string) {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
}
