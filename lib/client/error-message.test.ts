import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { errorMessage } from "./error-message";

describe("errorMessage", () => {
  it("replaces the API's field path with the form's label", () => {
    const err = new ApiError(422, "validation_failed", "response.status: must be a number", "response.status");
    expect(errorMessage(err, { "response.status": "Status" })).toBe("Status must be a number");
    const rule = new ApiError(422, "validation_failed", "conditions.0.pattern: must not be empty", "conditions.0.pattern");
    expect(errorMessage(rule)).toBe("Conditions 1 pattern must not be empty");
  });

  it("says plainly when the server is unreachable, failing or the session is gone", () => {
    expect(errorMessage(new ApiError(0, "unreachable", "x"))).toMatch(/^The server could not be reached/);
    expect(errorMessage(new ApiError(500, "internal", "Internal server error"))).toMatch(/^Something went wrong on the server/);
    expect(errorMessage(new ApiError(401, "unauthorized", "Sign in to use this API"))).toMatch(/^Your session has ended/);
  });

  it("keeps other messages as the server wrote them", () => {
    expect(errorMessage(new ApiError(404, "not_found", "Endpoint not found"))).toBe("Endpoint not found");
    expect(errorMessage(new ApiError(409, "conflict", "An account with this email already exists", "email"))).toBe("An account with this email already exists");
    expect(errorMessage(new Error("Wrong email or password"))).toBe("Wrong email or password");
  });
});
