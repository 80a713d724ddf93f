// Worker threads do not inherit tsx's loader from the main thread, and a .ts entry cannot load
// itself: register tsx here, then load the real (TypeScript) worker.
import { register } from "tsx/esm/api";

register();
await import("./writer-thread.ts");
