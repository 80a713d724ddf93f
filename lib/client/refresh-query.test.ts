import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { refreshQuery } from "./refresh-query";

/** The server's data changes while the first fetch is on its way: what does the cache end with? */
async function race(refresh: (qc: QueryClient) => Promise<void>) {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: false } } });
  let server = "before";
  const answers: string[] = [];
  const observer = new QueryObserver(qc, {
    queryKey: ["k"],
    queryFn: async () => {
      const seen = server; // read at the start, answered later, like a request in flight
      await new Promise((r) => setTimeout(r, 30));
      answers.push(seen);
      return seen;
    },
  });
  const unsubscribe = observer.subscribe(() => {});
  await new Promise((r) => setTimeout(r, 5));
  server = "after";
  await refresh(qc);
  await new Promise((r) => setTimeout(r, 80));
  unsubscribe();
  return qc.getQueryData(["k"]);
}

describe("refreshQuery", () => {
  it("ends with the changed data even when the first fetch was in flight", async () => {
    expect(await race((qc) => qc.invalidateQueries({ queryKey: ["k"] }))).toBe("before"); // the trap
    expect(await race((qc) => refreshQuery(qc, ["k"]))).toBe("after");
  });
});
