import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  auditStats,
  JsonlFileSink,
  queryAuditEvents,
  streamAuditEvents,
  tailAuditEvents,
  type AuditEvent,
  type AuditEventFilter,
} from '@brane/audit';
import { run } from '@brane/cli';
import { auditFilterSql } from '../../packages/postgres/src/auditFilterSql.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * The library's `since` and `until` accept exactly what `brane audit --since` and `--until` accept, and mean the
 * same instant by it. For any text (arbitrary strings; ISO 8601 shapes with any digits, separators, case, zones and
 * blanks, and days that do not exist; the formats `Date.parse` guesses at: `Nov 21 2026`, `2026/11/21`, an RFC 2822
 * date, a bare number; times around the logged events, with and without a zone):
 *
 * - `brane audit query --since <text>` exits 0 or is a usage error (exit 2);
 * - `queryAuditEvents`, `streamAuditEvents`, `tailAuditEvents`, `auditStats` and the PostgreSQL filter
 *   (`auditFilterSql`) take it as `since` and as `until` when the CLI does, and otherwise refuse it with
 *   `INVALID_ARGUMENT` naming the option;
 * - taken, the library selects the events the CLI prints.
 */
const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const isoLike = fc
  .tuple(
    fc.oneof(digits(4, 4), digits(1, 6)),
    fc.constantFrom('-', '-', '/', ''),
    fc.oneof(
      fc.integer({ min: 0, max: 13 }).map((n) => String(n).padStart(2, '0')),
      digits(1, 3),
    ),
    fc.oneof(
      fc.integer({ min: 0, max: 32 }).map((n) => String(n).padStart(2, '0')),
      digits(1, 3),
    ),
    fc.option(fc.tuple(fc.constantFrom('T', 't', ' '), digits(1, 3), digits(2, 2), fc.option(digits(2, 2))), {
      nil: undefined,
    }),
    fc.constantFrom('', 'Z', 'z', '+02:00', '-0530', '+2', ' GMT', '.250Z'),
    fc.constantFrom('', ' ', '\t'),
  )
  .map(([year, separator, month, day, time, zone, blank]) => {
    const clock =
      time === undefined ? '' : `${time[0]}${time[1]}:${time[2]}${time[3] === undefined ? '' : `:${time[3]}`}`;
    return `${blank}${year}${separator}${month}${separator}${day}${clock}${time === undefined ? '' : zone}${blank}`;
  });
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  isoLike,
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((date) => date.toISOString()),
  fc
    .date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) })
    .map((date) => date.toISOString().slice(0, 16)),
  fc
    .date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) })
    .map((date) => date.toISOString().slice(0, 10)),
  fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((date) => date.toUTCString()),
  fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((date) => date.toDateString()),
  // Around the logged events, with and without a zone: a date-time without one is UTC on both sides.
  fc
    .tuple(fc.integer({ min: -90, max: 180 }), fc.constantFrom('', 'Z', '+01:00', '-00:30'))
    .map(([minutes, zone]) => `${new Date(Date.UTC(2026, 0, 1, 0, minutes)).toISOString().slice(0, 16)}${zone}`),
  fc.constantFrom('Nov 21 2026', '2026/11/21', '1', '2026', '2026-11', '1700000000000', '2026-11-21 10:00'),
);

/** Events a minute apart over 2026-01-01, one a log line, in one log. */
const EVENTS = Array.from({ length: 6 }, (_, index) => ({
  type: 'action.created',
  time: new Date(Date.UTC(2026, 0, 1, 0, index * 20)).toISOString(),
  actionId: `act_${index}`,
  capability: 'refund',
})) as unknown as AuditEvent[];

let work = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'brane-reliability-filter-times-'));
  const sink = new JsonlFileSink({ directory: work, file: 'a.jsonl' });
  sink.writeSync(EVENTS);
  await sink.close();
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** What the CLI does with `--<option> <value>`: the action ids it prints, or `undefined` for a usage error. */
async function cliSelects(option: 'since' | 'until', value: string): Promise<string[] | undefined> {
  let stdout = '';
  const code = await run(['node', 'brane', 'audit', 'query', '--dir', work, `--${option}`, value, '--json'], {
    env: {},
    stdout: (out) => (stdout += out),
    stderr: () => undefined,
    exit: () => undefined,
  });
  if (code === 2) return undefined;
  expect(code).toBe(0);
  return (JSON.parse(stdout) as { events: AuditEvent[] }).events.map((event) => event.actionId);
}

/** What a reader does with a filter: how many events it selects and their action ids, or the error it refuses it with. */
async function settle(read: () => Promise<readonly AuditEvent[] | number>): Promise<string[] | number | Error> {
  try {
    const result = await read();
    return typeof result === 'number' ? result : result.map((event) => event.actionId);
  } catch (error) {
    return error as Error;
  }
}

/** What each reader of the library (and the PostgreSQL filter) does with `filter`. */
async function librarySelects(filter: AuditEventFilter): Promise<(string[] | number | Error)[]> {
  return [
    await settle(() => queryAuditEvents(work, filter)),
    await settle(async () => {
      const events: AuditEvent[] = [];
      for await (const event of streamAuditEvents(work, filter)) events.push(event);
      return events;
    }),
    await settle(() => tailAuditEvents(work, 100, filter)),
    await settle(async () => (await auditStats(work, filter)).events),
    await settle(async () => auditFilterSql(filter, 'query').values.length),
  ];
}

jest.setTimeout(120_000);

describe('audit filter times', () => {
  it('the library takes as `since` and `until` exactly what `brane audit` takes, meaning the same instant', async () => {
    const figures = { taken: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('since' as const, 'until' as const), async (value, option) => {
        const cli = await cliSelects(option, value);
        const [query, stream, tail, stats, postgres] = await librarySelects({ [option]: value });
        if (cli === undefined) {
          figures.refused += 1;
          for (const result of [query, stream, tail, stats, postgres]) {
            expect(result).toMatchObject({ name: 'BraneError', code: 'INVALID_ARGUMENT' });
            expect((result as Error).message).toContain(`\`${option}\` must be a valid date`);
          }
        } else {
          figures.taken += 1;
          expect(query).toStrictEqual(cli);
          expect(stream).toStrictEqual(cli);
          expect(tail).toStrictEqual(cli);
          expect(stats).toBe(cli.length);
          expect(postgres).toBe(1);
        }
      }),
      propertyParameters(300),
    );
    reportFigures('auditFilterTimes', figures);
    expect(figures.taken).toBeGreaterThan(30);
    expect(figures.refused).toBeGreaterThan(30);
  });
});
