// Benchmark-only instrumentation, preloaded into a server under test (with --expose-gc): on SIGUSR2
// it runs full garbage collections and prints `gc-probe <rss KB>`, so memory per subscriber is
// compared between two settled heaps instead of whenever V8 last collected. Plain JS so it loads
// before tsx is registered. It changes no behaviour.
process.on("SIGUSR2", () => {
  globalThis.gc?.();
  globalThis.gc?.();
  process.stdout.write(`gc-probe ${Math.round(process.memoryUsage().rss / 1024)}\n`);
});
