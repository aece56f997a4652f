/* eslint-disable @typescript-eslint/require-await -- the contract is async; memory needs no awaiting, and `async` turns every throw into a rejection */
import { ApprovalError } from '@brane/errors';
import { approvalMatches, parseApprovalQuery, type ApprovalQuery } from './ApprovalQuery.js';
import type { ApprovalRecord } from './ApprovalRecord.js';
import type { ApprovalStore } from './ApprovalStore.js';
import { assertApprovalId } from './assertApprovalId.js';
import { assertExpectedSeal, hasSeal, recordFromJson, recordToJson } from './recordJson.js';

/**
 * An {@link ApprovalStore} in this process's memory, for tests and single-process tools: records are lost when
 * the process exits. Each record is kept as its JSON text, so callers only ever see copies.
 */
export class InMemoryApprovalStore implements ApprovalStore {
  readonly #records = new Map<string, string>();

  /** {@inheritDoc ApprovalStore.create} */
  async create(record: ApprovalRecord): Promise<void> {
    const json = recordToJson(record);
    if (this.#records.has(record.id)) {
      throw new ApprovalError('APPROVAL_STORE_FAILED', record.id, `Approval ${record.id} already exists`);
    }
    this.#records.set(record.id, json);
  }

  /** {@inheritDoc ApprovalStore.get} */
  async get(id: string): Promise<ApprovalRecord | undefined> {
    assertApprovalId(id);
    const json = this.#records.get(id);
    return json === undefined ? undefined : recordFromJson(id, json);
  }

  /** {@inheritDoc ApprovalStore.list} */
  async list(query?: ApprovalQuery): Promise<ApprovalRecord[]> {
    const parsed = parseApprovalQuery(query);
    const { cursor, limit = Infinity } = parsed;
    // The keys are the ids: the cursor and the order cost no parsing, and parsing stops once the page is full,
    // so a page of a large store costs about what a page of a small one does.
    const ids = [...this.#records.keys()].filter((id) => cursor === undefined || id > cursor).sort(compareIds);
    const found: ApprovalRecord[] = [];
    for (const id of ids) {
      if (found.length >= limit) break;
      const record = recordFromJson(id, this.#records.get(id) ?? '');
      if (approvalMatches(record, parsed)) found.push(record);
    }
    return found;
  }

  /** {@inheritDoc ApprovalStore.update} */
  async update(next: ApprovalRecord, expectedSeal: string): Promise<boolean> {
    const json = recordToJson(next);
    assertExpectedSeal(expectedSeal);
    const stored = this.#records.get(next.id);
    if (stored === undefined || !hasSeal(next.id, stored, expectedSeal)) return false;
    this.#records.set(next.id, json);
    return true;
  }
}

/** Orders ids by code unit, as `compareApprovalIds` orders records. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
