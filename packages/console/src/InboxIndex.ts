import { approvalState, type ApprovalRecord } from '@brane/approvals';
import { noticeForLeaving, type ApprovalNotice } from './ApprovalNotice.js';
import type { ConsoleApprovals } from './ConsoleApprovals.js';

/** How many records one store read asks for. */
const READ_PAGE = 250;

/** The pending approvals at one instant, newest first. */
export interface InboxSnapshot {
  readonly records: readonly ApprovalRecord[];
  /** Grows by one each time the pending set changes (a request arrives, is decided or expires). */
  readonly version: number;
  /** When the store was read, epoch milliseconds. */
  readonly readAt: number;
}

/** Options of an {@link InboxIndex}. */
export interface InboxIndexOptions {
  readonly approvals: ConsoleApprovals;
  /** How old a snapshot may be before a page load reads the store again. Default 1,000 ms. */
  readonly maxAgeMs?: number | undefined;
  /**
   * Up to this age, a page load that finds the snapshot older than `maxAgeMs` is answered from it while the store
   * is read in the background (open pages then update live); past it, the load waits for the read. Default
   * 60,000 ms. With 10,000 pending, a read verifies 10,000 seals: no person should wait for that on every click.
   */
  readonly maxStaleMs?: number | undefined;
  readonly now?: (() => number) | undefined;
}

/**
 * The pending approvals, read from the store at most once per `maxAgeMs` and shared by every page load, so that
 * 10,000 pending requests cost one store read a second, not one per person. Each refresh compares the pending set
 * with the previous one and announces what changed (see {@link ApprovalNotice}) to its listeners: the live
 * updates of open pages and the webhooks.
 */
export class InboxIndex {
  readonly #approvals: ConsoleApprovals;
  readonly #maxAgeMs: number;
  readonly #maxStaleMs: number;
  readonly #now: () => number;
  readonly #listeners = new Set<(notices: readonly ApprovalNotice[], snapshot: InboxSnapshot) => void>();
  #snapshot: InboxSnapshot | undefined;
  #reading: Promise<InboxSnapshot> | undefined;

  constructor(options: InboxIndexOptions) {
    this.#approvals = options.approvals;
    this.#maxAgeMs = options.maxAgeMs ?? 1_000;
    this.#maxStaleMs = Math.max(this.#maxAgeMs, options.maxStaleMs ?? 60_000);
    this.#now = options.now ?? Date.now;
  }

  /**
   * The snapshot to show: the cached one while it is younger than `maxAgeMs`; up to `maxStaleMs`, the cached one
   * while a fresh read starts in the background; else a fresh read (one at a time, shared by callers).
   */
  async current(): Promise<InboxSnapshot> {
    const snapshot = this.#snapshot;
    const age = snapshot === undefined ? Infinity : this.#now() - snapshot.readAt;
    if (snapshot !== undefined && age < this.#maxAgeMs) return snapshot;
    if (snapshot !== undefined && age < this.#maxStaleMs) {
      this.refresh().catch(() => undefined); // a failed read is retried by the next load or the watcher
      return snapshot;
    }
    return await this.refresh();
  }

  /** Reads the store now (joining a read under way) and announces what changed since the last read. */
  async refresh(): Promise<InboxSnapshot> {
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return await this.#reading;
  }

  /** Calls `listener` after each refresh that changed the pending set; returns the function that stops it. */
  subscribe(listener: (notices: readonly ApprovalNotice[], snapshot: InboxSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #read(): Promise<InboxSnapshot> {
    const readAt = this.#now();
    const records = (await this.#pending()).reverse(); // by id (ULID) descending
    const previous = this.#snapshot;
    const notices = previous === undefined ? [] : await this.#changes(previous.records, records);
    const changed = previous === undefined || notices.length > 0 || previous.records.length !== records.length;
    const snapshot: InboxSnapshot = { records, version: (previous?.version ?? 0) + (changed ? 1 : 0), readAt };
    this.#snapshot = snapshot;
    if (changed && previous !== undefined) {
      for (const listener of this.#listeners) listener(notices, snapshot);
    }
    return snapshot;
  }

  /**
   * Every pending record, a page at a time, yielding to the event loop between pages: reading and verifying
   * 10,000 records takes a while, and page loads and live updates are answered meanwhile.
   */
  async #pending(): Promise<ApprovalRecord[]> {
    const records: ApprovalRecord[] = [];
    for (let cursor: string | undefined; ;) {
      const page = await this.#approvals.list({ state: 'pending', limit: READ_PAGE, cursor });
      records.push(...page);
      if (page.length < READ_PAGE) return records;
      cursor = page[page.length - 1]?.id;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** What happened between two reads: requests that arrived, and those that left the pending set, and how. */
  async #changes(before: readonly ApprovalRecord[], after: readonly ApprovalRecord[]): Promise<ApprovalNotice[]> {
    const beforeIds = new Set(before.map((record) => record.id));
    const afterIds = new Set(after.map((record) => record.id));
    const notices: ApprovalNotice[] = after
      .filter((record) => !beforeIds.has(record.id))
      .map((record) => ({ type: 'approval.requested', record, state: 'pending' }));
    for (const left of before.filter((record) => !afterIds.has(record.id))) {
      const record = await this.#approvals.get(left.id).catch(() => undefined);
      const notice = record && noticeForLeaving(record, approvalState(record, this.#now()));
      if (notice !== undefined) notices.push(notice);
    }
    return notices;
  }
}
