import fs from "node:fs";
import path from "node:path";
import envPaths from "env-paths";

/**
 * Where `login` keeps the server and token: `config.json` in the user's config directory
 * (`$XDG_CONFIG_HOME/webhook-inbox` or `~/.config/webhook-inbox` on Linux, the platform's own
 * elsewhere), readable by the user only, since the token grants access to their requests.
 */
export type StoredConfig = { server?: string; token?: string };

export function configFile(): string {
  return path.join(envPaths("webhook-inbox", { suffix: "" }).config, "config.json");
}

export function readConfig(file = configFile()): StoredConfig {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    if (parsed && typeof parsed === "object") {
      const { server, token } = parsed as Record<string, unknown>;
      return { server: typeof server === "string" ? server : undefined, token: typeof token === "string" ? token : undefined };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`Cannot read ${file}: ${(err as Error).message}`);
  }
  return {};
}

export function writeConfig(config: StoredConfig, file = configFile()) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600); // an existing file keeps its mode on write
}
