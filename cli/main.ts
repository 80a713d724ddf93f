import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { createSender } from "../lib/forwarding/send";
import { Api, ApiError, type Endpoint } from "./api";
import { configFile, readConfig, writeConfig } from "./config";
import { CliError, EXIT } from "./errors";
import { EndpointForwarder } from "./forwarder";
import { Output } from "./output";
import { StoppedError, type RetryOptions } from "./retry";

const DEFAULT_SERVER = "http://localhost:3000";

const EXIT_CODES = `
Exit codes:
  0  stopped by Ctrl-C / SIGTERM (the request under way is finished and reported first)
  1  unexpected failure
  2  bad usage (unknown option, missing --to, a --to that is not an http(s) URL)
  3  no token, or the server refused it (run \`webhook-inbox login\`)
  4  unknown endpoint (not one this token may use)
  5  server unreachable: retried with backoff for --give-up-after seconds, then gave up`;

const httpUrl = (value: string) => {
  if (!/^https?:\/\/[^/]/i.test(value) || !URL.canParse(value)) throw new InvalidArgumentError("must be an http:// or https:// URL");
  return value.replace(/\/+$/, "");
};
const positiveInt = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("must be a whole number");
  return Number(value);
};

export function program(): Command {
  const cli = new Command()
    .name("webhook-inbox")
    .description("Forward the webhooks your Webhook Inbox captures to a server on your machine, byte for byte, without losing any while it is stopped.")
    .version(process.env.npm_package_version ?? "0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();

  cli
    .command("login")
    .description(`Check a personal API token (made on the dashboard's Settings page) and keep it with the server URL in ${configFile()}.`)
    .addOption(new Option("--server <url>", `the Webhook Inbox server`).env("WEBHOOK_INBOX_SERVER").argParser(httpUrl))
    .addOption(new Option("--token <token>", "a personal API token, whi_... (asked for when not given)").env("WEBHOOK_INBOX_TOKEN"))
    .addHelpText("after", EXIT_CODES)
    .action(login);

  cli
    .command("listen")
    .description(
      "Follow endpoints live and send each captured request to a local URL with its exact method, headers and body bytes; " +
        "print one line per request and report the local answer to the server (shown on the request in the dashboard). " +
        "Resumes after the last request forwarded with this token (kept by the server), so what arrived while it was stopped is forwarded first, in order; " +
        "a first start begins with new requests.",
    )
    .argument("<endpoints...>", "endpoint ids or inbound URLs (…/h/<slug>); several at once")
    .requiredOption("--to <url>", "where to send them, e.g. http://localhost:4000/hooks", httpUrl)
    .addOption(new Option("--server <url>", `the Webhook Inbox server (default: from login, else ${DEFAULT_SERVER})`).env("WEBHOOK_INBOX_SERVER").argParser(httpUrl))
    .addOption(new Option("--token <token>", "a personal API token (default: from login)").env("WEBHOOK_INBOX_TOKEN"))
    .option("--path-passthrough", "append each request's sub-path and query to --to (…/h/<slug>/a/b?x=1 goes to <to>/a/b?x=1)", false)
    .option("--filter <query>", "forward only requests matching this search, in the dashboard's query language (e.g. 'method:POST body.type:charge.succeeded')", "")
    .option("--from-now", "skip what arrived while stopped (says how many) and forward only new requests", false)
    .option("--json", "one JSON object per forwarded request on stdout instead of readable lines", false)
    .option("--timeout <seconds>", "how long the local target may take to answer", positiveInt, 30)
    .option("--retries <n>", "tries after the first when the local target gives no answer (refused, timeout); then it moves on and reports the request as failed", positiveInt, 5)
    .option("--give-up-after <seconds>", "stop (exit 5) after the server has been unreachable this long; 0 retries for ever", positiveInt, 300)
    .addHelpText("after", EXIT_CODES)
    .action(listen);

  return cli;
}

type ServerOptions = { server?: string; token?: string };

/** Flags (or their environment variables) first, then what `login` stored. */
function credentials(opts: ServerOptions) {
  const stored = readConfig();
  const server = opts.server ?? stored.server ?? DEFAULT_SERVER;
  const token = opts.token ?? stored.token;
  if (!token) throw new CliError("No token: run `webhook-inbox login`, or pass --token (or WEBHOOK_INBOX_TOKEN).", EXIT.badToken);
  return { server, token };
}

function retryOptions(out: Output, giveUpAfterSeconds: number, signal: AbortSignal): RetryOptions {
  return {
    giveUpAfterMs: giveUpAfterSeconds * 1000,
    onRetry: (reason, attempt, delayMs) => out.warn(`${reason}; retrying in ${Math.round(delayMs / 100) / 10} s (attempt ${attempt})`),
    onRecovered: () => out.info("the server answers again"),
    signal,
  };
}

async function login(opts: ServerOptions) {
  const out = new Output({ json: false, showEndpoint: false });
  const server = opts.server ?? readConfig().server ?? DEFAULT_SERVER;
  const token = opts.token ?? (await ask("Personal API token (whi_...): "));
  const api = new Api(server, token.trim(), retryOptions(out, 10, new AbortController().signal));
  const endpoints = await api.endpoints();
  writeConfig({ server, token: token.trim() });
  out.info(`Logged in to ${server}; ${endpoints.length} endpoint${endpoints.length === 1 ? "" : "s"} available. Saved in ${configFile()}.`);
}

async function ask(question: string): Promise<string> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: Boolean(process.stdin.isTTY) });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

type ListenFlags = ServerOptions & {
  to: string; pathPassthrough: boolean; filter: string; fromNow: boolean; json: boolean;
  timeout: number; retries: number; giveUpAfter: number;
};

async function listen(names: string[], flags: ListenFlags) {
  const { server, token } = credentials(flags);
  const out = new Output({ json: flags.json, showEndpoint: names.length > 1 });
  // First signal: stop taking requests, finish the one under way and send the reports left.
  // Second: stop at once. API calls keep going until then, so the reports get through.
  const stopping = new AbortController();
  const killed = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping.signal.aborted) {
      killed.abort();
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
    out.info("stopping: finishing the request under way (again to quit at once)");
    stopping.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const api = new Api(server, token, retryOptions(out, flags.giveUpAfter, killed.signal));
  const endpoints = resolveEndpoints(await api.endpoints(), names);
  const send = createSender(null); // the user's own machine: no SSRF guard here
  const options = { to: flags.to, pathPassthrough: flags.pathPassthrough, filter: flags.filter, fromNow: flags.fromNow, timeoutMs: flags.timeout * 1000, localRetries: flags.retries };
  const forwarders = endpoints.map((e) => new EndpointForwarder(api, e, options, out, send, stopping.signal, retryOptions(out, flags.giveUpAfter, stopping.signal)));
  for (const f of forwarders) await f.start();
  out.info(`forwarding ${forwarders.map((f) => f.label).join(", ")} to ${flags.to}${flags.pathPassthrough ? "<path>" : ""} (Ctrl-C to stop)`);
  try {
    await Promise.race(forwarders.map((f) => f.run()));
  } finally {
    stopping.abort();
    await Promise.all(forwarders.map((f) => f.flush()));
  }
}

/** Each name is an endpoint id or an inbound URL (matched by its /h/<slug>, whatever host serves it). */
export function resolveEndpoints(available: Endpoint[], names: string[]): Endpoint[] {
  const slugOf = (value: string) => /\/h\/([^/?#]+)/.exec(value)?.[1] ?? null;
  return names.map((name) => {
    const slug = slugOf(name);
    const found = available.find((e) => e.id === name || (slug !== null && slugOf(e.url) === slug));
    if (found) return found;
    const list = available.map((e) => `${e.id}${e.name ? ` (${e.name})` : ""}`).join(", ") || "none";
    throw new CliError(`Unknown endpoint ${name}: not one this token may use (it may use: ${list}).`, EXIT.unknownEndpoint);
  });
}

export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander printed it
    if (err instanceof StoppedError) return EXIT.ok;
    const message = err instanceof CliError ? err.message : err instanceof ApiError ? `The server refused: ${err.message}` : `Unexpected failure: ${(err as Error).stack ?? err}`;
    process.stderr.write(`webhook-inbox: ${message}\n`);
    return err instanceof CliError ? err.exitCode : EXIT.failure;
  }
}
