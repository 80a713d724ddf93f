import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { requestIdFor } from "./request-id";

const req = (id?: string | string[]) => ({ headers: id === undefined ? {} : { "x-request-id": id } }) as unknown as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdFor", () => {
  it("keeps a trusted proxy's id", () => {
    expect(requestIdFor(req("9f86d081884c7d65"), true)).toBe("9f86d081884c7d65");
    expect(requestIdFor(req("Root=1-67891233-abcdef012345678912345678"), true)).toBe("Root=1-67891233-abcdef012345678912345678");
  });

  it("ignores the header without a trusted proxy", () => {
    expect(requestIdFor(req("9f86d081884c7d65"), false)).toMatch(UUID);
  });

  it.each([["with space"], ["line\nbreak"], ["x".repeat(129)], [""], [["a", "b"]]])("replaces an unusable id %j", (id) => {
    expect(requestIdFor(req(id), true)).toMatch(UUID);
  });

  it("makes a fresh id per request", () => {
    expect(requestIdFor(req(), true)).not.toBe(requestIdFor(req(), true));
  });
});
