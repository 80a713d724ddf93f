import type { ForwardState } from "@/lib/forwarding/delivery-state";
import type { RequestSummaryDto } from "@/lib/requests/present";

type Row = RequestSummaryDto;

/** One window of GET /api/endpoints/<id>/requests: rows with after < seq <= top, newest first. */
export type WindowQuery = { offset: number; limit: number; top: number | null; after?: number; count: boolean };
export type WindowResult = { requests: Row[]; top: number; total?: number };
export type WindowFetcher = (q: WindowQuery) => Promise<WindowResult>;

export const WINDOW_SIZE = 100;

/** What the list renders; a new object after every change (for useSyncExternalStore). */
export type WindowView = {
  status: "loading" | "ready" | "error";
  error: unknown;
  /** Rows shown: arrivals on top, then the snapshot (loaded or not yet). */
  length: number;
  /** Arrivals held back while the user is not following (the "N new" pill). */
  queued: number;
  /** The row at a display index, or undefined while its window loads. */
  rowAt(index: number): Row | undefined;
  indexOf(id: string): number;
};

/**
 * An endpoint's newest-first request list for a virtual scroller over any number of rows. The
 * server's rows up to a snapshot seq (`top`) are fetched in windows by offset, so a scrollbar drag
 * to the bottom loads the oldest rows directly instead of every page in between. Arrivals (seq >
 * top) live in `head`; while the user is not following they wait in `queued` so the rows under the
 * cursor never move. Deletions close their gap locally (offsets stay aligned with the server's).
 */
export class RequestWindow {
  private top: number | null = null;
  private total = 0;
  private rows: (Row | undefined)[] = [];
  private head: Row[] = [];
  private queue: Row[] = [];
  private ids = new Set<string>(); // head and queue
  private forwarding = new Map<string, ForwardState | null>();
  private loading = new Set<number>();
  private generation = 0;
  private holding = false;
  // Live events that came while the snapshot was loading: applied once its top is known.
  private early: Row[] = [];
  private newerWanted = false;
  private status: WindowView["status"] = "loading";
  private error: unknown = null;
  private listeners = new Set<() => void>();
  private view: WindowView;
  private disposed = false;

  constructor(
    private fetcher: WindowFetcher,
    /** Unfiltered lists take arrivals from the live stream as they are; filtered ones ask the server. */
    readonly filtered: boolean,
  ) {
    this.view = this.makeView();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
  getView = () => this.view;

  /** The snapshot seq once loaded: the live stream resumes after it. */
  get snapshotTop(): number | null {
    return this.top;
  }

  /** Newest seq known to this list (snapshot or arrivals), for asking the server what came after. */
  get newestSeq(): number {
    return Math.max(this.top ?? 0, this.queue[0]?.seq ?? 0, this.head[0]?.seq ?? 0);
  }

  async load(): Promise<void> {
    const generation = ++this.generation;
    this.loading.clear();
    this.status = "loading";
    this.emit();
    try {
      const res = await this.fetcher({ offset: 0, limit: WINDOW_SIZE, top: null, count: true });
      if (generation !== this.generation || this.disposed) return;
      this.accept(res);
    } catch (err) {
      if (generation !== this.generation || this.disposed) return;
      this.status = "error";
      this.error = err;
    }
    this.emit();
  }

  /** Starts from a first window fetched elsewhere (sent with the page), without asking again. */
  prime(res: WindowResult) {
    this.generation++;
    this.accept(res);
    this.emit();
  }

  private accept(res: WindowResult) {
    this.top = res.top;
    this.total = res.total ?? res.requests.length;
    this.rows = new Array(this.total);
    res.requests.forEach((r, i) => (this.rows[i] = r));
    // Arrivals already shown that the snapshot now covers would be listed twice.
    this.head = this.head.filter((r) => r.seq > res.top);
    this.queue = this.queue.filter((r) => r.seq > res.top);
    this.ids = new Set([...this.head, ...this.queue].map((r) => r.id));
    this.status = "ready";
    this.error = null;
    const early = this.early;
    this.early = [];
    for (const r of early) this.arrive(r);
    if (this.newerWanted) void this.fetchNewer();
  }

  /** Makes sure the rows at display indexes [start, end] are loaded or loading. */
  ensure(start: number, end: number) {
    if (this.status !== "ready" || this.top === null) return;
    const shift = this.head.length;
    const from = Math.max(0, start - shift);
    const to = Math.min(this.total - 1, end - shift);
    for (let page = Math.floor(from / WINDOW_SIZE); page <= Math.floor(to / WINDOW_SIZE) && to >= 0; page++) {
      const offset = page * WINDOW_SIZE;
      if (this.loading.has(page) || this.windowLoaded(offset)) continue;
      void this.fetchWindow(page, offset);
    }
  }

  private windowLoaded(offset: number) {
    const end = Math.min(this.total, offset + WINDOW_SIZE);
    for (let i = offset; i < end; i++) if (!this.rows[i]) return false;
    return true;
  }

  private async fetchWindow(page: number, offset: number) {
    const generation = this.generation;
    this.loading.add(page);
    try {
      const res = await this.fetcher({ offset, limit: WINDOW_SIZE, top: this.top, count: false });
      // A delete since the request shifted the offsets: drop the answer, the next ensure() refetches.
      if (generation !== this.generation || this.disposed) return;
      res.requests.forEach((r, i) => {
        if (offset + i < this.total) this.rows[offset + i] = r;
      });
      this.emit();
    } catch (err) {
      if (generation === this.generation) console.error("request window failed", err);
    } finally {
      if (generation === this.generation) this.loading.delete(page);
    }
  }

  /** While holding, arrivals wait in the queue instead of moving the rows (follow mode off). */
  hold(holding: boolean) {
    this.holding = holding;
    if (!holding) this.reveal();
  }

  /** Shows the queued arrivals on top. */
  reveal() {
    if (!this.queue.length) return;
    this.head = mergeNewestFirst(this.queue, this.head);
    this.queue = [];
    this.emit();
  }

  /** A request from the live stream (unfiltered lists; filtered ones call fetchNewer instead). */
  arrive(r: Row) {
    if (this.status !== "ready" || this.top === null) {
      this.early.push(r);
      return;
    }
    if (r.seq <= this.top || this.ids.has(r.id)) return;
    this.ids.add(r.id);
    if (this.holding) this.queue = mergeNewestFirst([r], this.queue);
    else this.head = mergeNewestFirst([r], this.head);
    this.emit();
  }

  /** Filtered lists: asks the server which requests after the newest known one match. */
  async fetchNewer(): Promise<void> {
    this.newerWanted = this.status !== "ready" || this.top === null;
    if (this.newerWanted) return;
    const generation = this.generation;
    const res = await this.fetcher({ offset: 0, limit: 500, top: null, after: this.newestSeq, count: false });
    if (generation !== this.generation || this.disposed) return;
    for (const r of [...res.requests].reverse()) this.arrive(r);
  }

  remove(id: string) {
    this.forwarding.delete(id);
    if (this.ids.delete(id)) {
      this.head = this.head.filter((r) => r.id !== id);
      this.queue = this.queue.filter((r) => r.id !== id);
      return this.emit();
    }
    const at = this.rows.findIndex((r) => r?.id === id);
    if (at !== -1) {
      this.rows.splice(at, 1);
      this.total--;
      this.generation++; // windows in flight were asked with the old offsets
      this.loading.clear();
      return this.emit();
    }
    // Not loaded here: if the list has gaps it may have been in one, and then every later offset is
    // off by one. Start over (rare: another tab deleted a row this one never scrolled to).
    if (this.top !== null && this.rows.includes(undefined)) void this.load();
  }

  clear() {
    this.generation++;
    this.loading.clear();
    this.rows = [];
    this.total = 0;
    this.head = [];
    this.queue = [];
    this.ids.clear();
    this.forwarding.clear();
    this.emit();
  }

  /** A delivery changed: the row's dot follows without refetching or searching the rows. */
  setForwarding(requestId: string, state: ForwardState | null) {
    this.forwarding.set(requestId, state);
    this.emit();
  }

  dispose() {
    this.disposed = true;
    this.listeners.clear();
  }

  private emit() {
    this.view = this.makeView();
    for (const l of this.listeners) l();
  }

  private makeView(): WindowView {
    const head = this.head;
    const rows = this.rows;
    const overrides = this.forwarding;
    const withState = (r: Row | undefined) => (r && overrides.has(r.id) ? { ...r, forwarding: overrides.get(r.id)! } : r);
    return {
      status: this.status,
      error: this.error,
      length: head.length + this.total,
      queued: this.queue.length,
      rowAt: (i) => withState(i < head.length ? head[i] : rows[i - head.length]),
      indexOf: (id) => {
        const h = head.findIndex((r) => r.id === id);
        if (h !== -1) return h;
        const s = rows.findIndex((r) => r?.id === id);
        return s === -1 ? -1 : head.length + s;
      },
    };
  }
}

/** Merges newest-first lists (arrivals are almost always newer than everything, so this is a prepend). */
function mergeNewestFirst(a: Row[], b: Row[]): Row[] {
  if (!b.length || a[a.length - 1].seq > b[0].seq) return [...a, ...b];
  return [...a, ...b].sort((x, y) => y.seq - x.seq);
}
