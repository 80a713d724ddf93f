import { describe, expect, it } from "vitest";
import { formatBytes } from "./bytes";

describe("formatBytes", () => {
  it("uses bytes below 1 KiB and one decimal below 10 units", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1.0 KiB");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(309 * 1024 + 100)).toBe("309 KiB");
    expect(formatBytes(1048576)).toBe("1.0 MiB");
    expect(formatBytes(2.4 * 1048576)).toBe("2.4 MiB");
    expect(formatBytes(5 * 1024 ** 4)).toBe("5120 GiB");
  });
});
