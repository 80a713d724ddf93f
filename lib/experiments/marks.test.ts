import { describe, expect, it } from "vitest";
import { EXPERIMENT_HEADER, experimentOf, registerMark } from "./marks";

describe("experiment marks", () => {
  it("tag requests that carry a live mark for their endpoint, and nothing else", () => {
    const forget = registerMark("m-secret", "exp_1", "ep_1");
    expect(experimentOf({ [EXPERIMENT_HEADER]: "m-secret" }, "ep_1")).toBe("exp_1");
    expect(experimentOf({ [EXPERIMENT_HEADER]: "m-secret" }, "ep_2")).toBeNull(); // another endpoint
    expect(experimentOf({ [EXPERIMENT_HEADER]: "guessed" }, "ep_1")).toBeNull();
    expect(experimentOf({}, "ep_1")).toBeNull();
    forget();
    expect(experimentOf({ [EXPERIMENT_HEADER]: "m-secret" }, "ep_1")).toBeNull(); // the experiment ended
  });
});
