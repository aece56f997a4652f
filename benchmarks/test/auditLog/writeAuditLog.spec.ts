import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonlFileSink, queryAuditEvents, verifyAuditLog, type AuditEvent } from '@brane/audit';
import { recipeAuditRecord } from '../../src/auditLog/recipeAuditRecord';
import { writeAuditLog } from '../../src/auditLog/writeAuditLog';

describe('writeAuditLog', () => {
  const COUNT = 120; // two denied records (every 50th)
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-generated-log-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });
  const records = (): AuditEvent[] =>
    Array.from({ length: COUNT }, (_, index) => recipeAuditRecord(index + 1) as unknown as AuditEvent);

  it('writes, by default, the compact lines (format 3) JsonlFileSink writes for the same events', async () => {
    const generated = path.join(root, 'generated.jsonl');
    const sink = new JsonlFileSink({ directory: root, file: 'sink.jsonl' });
    await sink.write(records());
    await sink.close();

    writeAuditLog(generated, COUNT);

    const text = fs.readFileSync(generated, 'utf8');
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .every((line) => line.startsWith('{"v":3,')),
    ).toBe(true);
    expect(text).toBe(fs.readFileSync(sink.file, 'utf8'));
    const head = (file: string) => JSON.parse(fs.readFileSync(`${file}.head`, 'utf8')) as Record<string, unknown>;
    expect({ ...head(generated), updatedAt: 0 }).toStrictEqual({ ...head(sink.file), updatedAt: 0 });
  });

  it.each([3, 2] as const)('writes a log of format %d that verifies and reads back as the records', async (format) => {
    const file = path.join(root, `format${format}.jsonl`);

    writeAuditLog(file, COUNT, { format });

    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: COUNT, lastSeq: COUNT, problems: [] });
    expect(await queryAuditEvents(file, {})).toStrictEqual(records());
    expect(await queryAuditEvents(file, { decision: 'denied' })).toHaveLength(2);
  });

  it('writes format 2 as the sorted-key lines before it', () => {
    const file = path.join(root, 'v2.jsonl');

    writeAuditLog(file, 1, { format: 2 });

    expect(fs.readFileSync(file, 'utf8')).toMatch(
      /^\{"seq":1,"prev":"0{64}","hash":"[0-9a-f]{64}","event":\{"actionId":"A0{24}1",.*,"v":2\}\}\n$/,
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a count of %p', (count) => {
    expect(() => {
      writeAuditLog(path.join(root, 'x.jsonl'), count);
    }).toThrow(RangeError);
  });
});
