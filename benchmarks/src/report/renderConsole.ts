import type { ConsoleResults } from '../suites/consoleSuite.js';

const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

/** The console section: inbox page loads with many pending approvals, beside the small inbox and a bare page. */
export function renderConsole(run: ConsoleResults): string {
  const rows: [string, number][] = [
    ['inbox, 100 pending (reference)', run.smallInboxMs],
    [`inbox, ${run.pending.toLocaleString('en-US')} pending, first page (snapshot warm)`, run.warmMs],
    ['the same, filtered by capability and risk', run.filteredMs],
    ['the same, a page half-way down (`before=`)', run.deepMs],
    ['the same, snapshot expired: every pending record read and verified (memory store)', run.coldMemoryMs],
    ['the same, snapshot expired, on the file store (local disk)', run.coldFileMs],
    ['`ApprovalService.page` of 50 pending, no HTML (what `brane approvals list` pays)', run.servicePageMs],
  ];
  return [
    `A signed-in GET of the inbox (the whole HTML page, 50 rows, answered in-process by \`createConsoleApp\`), median of`,
    `repeated loads. Page loads share a snapshot of the pending set that is read from the store at most once a second,`,
    `so one person or fifty cost the same store read. Target: a warm page with ${run.pending.toLocaleString('en-US')}`,
    `pending under 50 ms (measured: ${ms(run.warmMs)}, ${(run.warmMs / run.smallInboxMs).toFixed(1)}× the 100-pending page).`,
    '',
    '| page | time |',
    '| --- | --- |',
    ...rows.map(([name, value]) => `| ${name} | ${ms(value)} |`),
  ].join('\n');
}
