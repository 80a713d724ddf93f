// Test-only instrumentation, preloaded into a server under test with
// `startAppServer({ nodeArgs: ["--import", BUS_PROBE] })`. It watches which endpoints the in-process
// event bus (lib/events/bus.ts, kept on globalThis) gets subscriptions for, and on SIGUSR2 prints
// one line `bus-probe {"<endpointId>": <subscriberCount>, ...}` using the bus's own count.
// Plain JS so it loads before tsx is registered. It changes no behaviour.

const KEY = Symbol.for("webhook-inbox.event-bus");
const seen = new Set();
let bus;

Object.defineProperty(globalThis, KEY, {
  configurable: true,
  enumerable: false,
  get() {
    return bus;
  },
  set(value) {
    bus = value;
    const subscribe = value.subscribe.bind(value);
    value.subscribe = (endpointId, listener) => {
      seen.add(endpointId);
      return subscribe(endpointId, listener);
    };
  },
});

process.on("SIGUSR2", () => {
  const counts = {};
  for (const id of seen) counts[id] = bus ? bus.subscriberCount(id) : 0;
  process.stdout.write(`bus-probe ${JSON.stringify(counts)}\n`);
});
