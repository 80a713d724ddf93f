import type { ExperimentRun } from "./run";

/**
 * The experiments running in this process: one per user at a time. On globalThis: they start from
 * a route handler in Next's bundle, and server.ts stops them at shutdown.
 */
class Registry {
  private byUser = new Map<string, ExperimentRun | "starting">();
  private byId = new Map<string, ExperimentRun>();

  /** Reserves the user's slot before anything async runs, so two starts at once cannot both pass; false when taken. */
  claim(userId: string): boolean {
    if (this.byUser.has(userId)) return false;
    this.byUser.set(userId, "starting");
    return true;
  }

  release(userId: string) {
    if (this.byUser.get(userId) === "starting") this.byUser.delete(userId);
  }

  add(run: ExperimentRun) {
    this.byUser.set(run.userId, run);
    this.byId.set(run.id, run);
    void run.finished().finally(() => {
      this.byUser.delete(run.userId);
      this.byId.delete(run.id);
    });
  }

  get(id: string): ExperimentRun | undefined {
    return this.byId.get(id);
  }

  /** Stops every run (saved as failed with `reason`); resolves with how many once all are saved. */
  async stopAll(reason: string): Promise<number> {
    const runs = [...this.byId.values()];
    for (const run of runs) run.stop("failed", reason);
    await Promise.all(runs.map((r) => r.finished()));
    return runs.length;
  }
}

const KEY = Symbol.for("webhook-inbox.experiments");
export function runningExperiments(): Registry {
  const g = globalThis as typeof globalThis & { [KEY]?: Registry };
  g[KEY] ??= new Registry();
  return g[KEY];
}
