/* global process */
// A jest reporter: after the run, prints how many PostgreSQL tests ran on the server
// (BRANE_TEST_DATABASE_URL), how many on the embedded PostgreSQL (PGlite), and how many were skipped because
// they need a server, from the tags `describeWithDatabase` puts in suite titles (see testDatabase.ts).
const TAGS = {
  server: '[PostgreSQL server]',
  embedded: '[embedded PostgreSQL (PGlite)]',
  skipped: '[skipped: needs several connections at once',
};

class DatabaseReporter {
  onRunComplete(_contexts, results) {
    const counts = { server: 0, embedded: 0, skipped: 0 };
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        const title = test.ancestorTitles.join(' ');
        for (const [where, tag] of Object.entries(TAGS)) {
          if (title.includes(tag) && (where === 'skipped' || test.status !== 'pending')) counts[where] += 1;
        }
      }
    }
    if (counts.server + counts.embedded + counts.skipped === 0) return;
    process.stderr.write(
      `PostgreSQL tests: ${counts.server} ran on the server (BRANE_TEST_DATABASE_URL), ` +
        `${counts.embedded} on the embedded PostgreSQL (PGlite), ` +
        `${counts.skipped} skipped (they need several connections at once: a server only)\n`,
    );
  }
}

module.exports = DatabaseReporter;
