import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { eventually } from "./forward-target";

const BIN = path.resolve(import.meta.dirname, "../../cli/bin.mjs");

export type CliRun = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (128 + n for a signal). */
  exited: Promise<number>;
  /** Waits until stderr contains `text`. */
  waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<void>;
  stop: (signal?: NodeJS.Signals) => Promise<number>;
};

/** Runs `webhook-inbox <args>` (cli/bin.mjs, as the package's bin) with its own config directory. */
export function runCli(args: string[], env: Record<string, string>): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d));
  child.stderr!.on("data", (d: Buffer) => (err += d));
  const exited = new Promise<number>((resolve) => child.once("exit", (code, signal) => resolve(code ?? 128 + (signal === "SIGKILL" ? 9 : signal === "SIGTERM" ? 15 : 2))));
  const waitFor = async (text: string | RegExp, timeoutMs = 15_000) => {
    await eventually(() => (typeof text === "string" ? err.includes(text) : text.test(err)) || undefined, timeoutMs, `CLI to say ${text}`).catch((e: Error) => {
      throw new Error(`${e.message}; it said:\n${err}\n${out}`);
    });
  };
  const stop = async (signal: NodeJS.Signals = "SIGINT") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return { child, stdout: () => out, stderr: () => err, exited, waitFor, stop };
}
