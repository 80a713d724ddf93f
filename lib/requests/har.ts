import { mimeType } from "./body-kind";
import { originalUrl, parseUrlEncoded } from "./original-url";
import type { RequestDetailDto } from "./present";

type NameValue = { name: string; value: string };

export type HarPostData = {
  mimeType: string;
  text: string;
  params?: NameValue[];
  /** Not in HAR 1.2 itself: the de-facto extension (Chrome, Firefox, Charles) for binary bodies. */
  encoding?: "base64";
};

export type HarEntry = {
  startedDateTime: string;
  time: number;
  request: {
    method: string; url: string; httpVersion: string; cookies: NameValue[]; headers: NameValue[];
    queryString: NameValue[]; postData?: HarPostData; headersSize: number; bodySize: number;
  };
  response: {
    status: number; statusText: string; httpVersion: string; cookies: NameValue[]; headers: NameValue[];
    content: { size: number; mimeType: string }; redirectURL: string; headersSize: number; bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
};

export type Har = { log: { version: "1.2"; creator: { name: string; version: string }; entries: HarEntry[] } };

/** Cookie header pairs ("a=1; b=2"), values kept raw as the sender wrote them. */
export function parseCookies(headers: [string, string][]): NameValue[] {
  const out: NameValue[] = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== "cookie") continue;
    for (const part of value.split(";")) {
      const trimmed = part.trim();
      if (!trimmed) continue;
      const eq = trimmed.indexOf("=");
      out.push(eq === -1 ? { name: trimmed, value: "" } : { name: trimmed.slice(0, eq).trim(), value: trimmed.slice(eq + 1).trim() });
    }
  }
  return out;
}

function pairs(list: [string, string][]): NameValue[] {
  return list.map(([name, value]) => ({ name, value }));
}

function postData(d: RequestDetailDto): HarPostData | undefined {
  if (d.size === 0 || d.bodyBase64 === "") return undefined;
  const mime = d.contentType ?? "";
  if (d.bodyText === null) {
    // HAR 1.2 text must be a string; base64 + encoding is the widely supported extension for bytes.
    return { mimeType: mime, text: d.bodyBase64, encoding: "base64" };
  }
  // HAR 1.2 calls params and text mutually exclusive, but browsers emit both for forms and every
  // viewer reads both; keeping text preserves the exact body.
  if (mimeType(d.contentType) === "application/x-www-form-urlencoded") {
    return { mimeType: mime, text: d.bodyText, params: pairs(parseUrlEncoded(d.bodyText)) };
  }
  return { mimeType: mime, text: d.bodyText };
}

function entry(d: RequestDetailDto, endpointUrl: string): HarEntry {
  const data = postData(d);
  return {
    startedDateTime: d.receivedAt,
    time: 0,
    request: {
      method: d.method,
      url: originalUrl(endpointUrl, d),
      httpVersion: "HTTP/1.1",
      cookies: parseCookies(d.headers),
      headers: pairs(d.headers),
      queryString: pairs(parseUrlEncoded(d.query)),
      ...(data ? { postData: data } : {}),
      headersSize: -1,
      bodySize: d.size,
    },
    // The inbox does not keep the response it sent, so this is the minimal valid "unknown" response.
    response: {
      status: 0, statusText: "", httpVersion: "", cookies: [], headers: [],
      content: { size: 0, mimeType: "x-unknown" }, redirectURL: "", headersSize: -1, bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
  };
}

/** A HAR 1.2 log of captured requests, oldest first as HAR viewers expect. */
export function toHar(
  details: RequestDetailDto[],
  endpointUrl: string,
  creator: { name: string; version: string } = { name: "Webhook Inbox", version: "0.1.0" },
): Har {
  const ordered = [...details].sort((a, b) => a.seq - b.seq);
  return { log: { version: "1.2", creator, entries: ordered.map((d) => entry(d, endpointUrl)) } };
}
