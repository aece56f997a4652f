import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { GENESIS_HASH } from '../src/AuditRecord.js';
import { chainHash } from '../src/chainHash.js';
import { canonicalEventJson, hashRecord } from '../src/hashRecord.js';
import { numberedEvent } from './fixtures/events.js';

describe('chainHash', () => {
  it('is the hash of a JSONL record, from the canonical JSON of its event: one rule for every sink', () => {
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 5; seq += 1) {
      const event = numberedEvent(seq);
      const hash = chainHash(prev, seq, canonicalEventJson(event));
      expect(hash).toBe(hashRecord(prev, seq, event));
      expect(hash).toBe(
        createHash('sha256')
          .update(`${prev}\n${stringify({ seq, event }) ?? ''}`)
          .digest('hex'),
      );
      prev = hash;
    }
  });
});
