import pc from "picocolors";

/** One forward as the CLI prints it. */
export type ForwardLine = {
  endpoint: string;
  requestId: string;
  seq: number;
  method: string;
  /** Sub-path and query as received. */
  path: string;
  target: string;
  status: number | null;
  durationMs: number;
  error: string | null;
  attempts: number;
};

type Sink = { write(text: string): unknown; isTTY?: boolean };

/**
 * What the CLI prints: one line per forwarded request on stdout (readable, coloured on a
 * terminal, or one JSON object per line with --json), and what it is doing on stderr, so the
 * JSON lines stay machine-readable.
 */
export class Output {
  private c: ReturnType<typeof pc.createColors>;

  constructor(private opts: { json: boolean; showEndpoint: boolean; out?: Sink; err?: Sink; now?: () => Date }) {
    const out = opts.out ?? process.stdout;
    this.c = pc.createColors(!opts.json && Boolean(out.isTTY) && !process.env.NO_COLOR);
  }

  forwarded(line: ForwardLine) {
    const at = (this.opts.now ?? (() => new Date()))();
    if (this.opts.json) return this.write({ time: at.toISOString(), ...line });
    const { c } = this;
    const status = line.status === null
      ? c.red(`failed: ${line.error}${line.attempts > 1 ? ` (${line.attempts} tries)` : ""}`)
      : (line.status < 300 ? c.green : line.status < 500 ? c.yellow : c.red)(String(line.status));
    const where = this.opts.showEndpoint ? `${c.cyan(`[${line.endpoint}]`)} ` : "";
    (this.opts.out ?? process.stdout).write(`${c.dim(clock(at))}  ${where}${c.bold(line.method)} ${line.path}  ${status}  ${c.dim(`${line.durationMs} ms`)}\n`);
  }

  /** What the CLI is doing (connecting, catching up, retrying): stderr. */
  info(message: string) {
    (this.opts.err ?? process.stderr).write(`${this.c.dim(message)}\n`);
  }

  warn(message: string) {
    (this.opts.err ?? process.stderr).write(`${this.c.yellow(message)}\n`);
  }

  private write(value: unknown) {
    (this.opts.out ?? process.stdout).write(`${JSON.stringify(value)}\n`);
  }
}

function clock(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}
