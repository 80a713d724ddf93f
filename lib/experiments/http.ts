import { Agent, type IncomingHttpHeaders, type IncomingMessage, request } from "node:http";

/**
 * Real HTTP from inside the server to its own address, for live experiments and the measured API
 * answer sizes: node:http with kept-alive connections (as a real poller keeps them), every answer
 * read whole and counted on the wire.
 */
export type Answer = {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Status line, header lines and body as they crossed the wire (answers here carry Content-Length). */
  wireBytes: number;
};

/** The bytes of an answer's head as received: status line, each header line, the blank line. */
export function headBytes(res: IncomingMessage): number {
  let n = `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) n += Buffer.byteLength(raw[i], "latin1") + 2 + Buffer.byteLength(raw[i + 1], "latin1") + 2;
  return n;
}

export class SelfHttp {
  private agent: Agent;
  /** `userAgent` names the client: an observer on the wire tells an experiment's clients apart by it. */
  constructor(readonly baseUrl: string, readonly userAgent: string, maxSockets = 4) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  send(
    method: "GET" | "POST",
    path: string,
    opts: { headers?: Record<string, string>; body?: Buffer | string; signal?: AbortSignal; onSocket?: () => void } = {},
  ): Promise<Answer> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method, agent: this.agent, signal: opts.signal, headers: { "User-Agent": this.userAgent, ...opts.headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const body = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, wireBytes: headBytes(res) + body.length });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      // onSocket: the moment the request can go out (its connection open), not when it was queued.
      if (opts.onSocket) req.once("socket", (socket) => (socket.connecting ? socket.once("connect", opts.onSocket!) : opts.onSocket!()));
      req.end(opts.body);
    });
  }

  close() {
    this.agent.destroy();
  }
}
