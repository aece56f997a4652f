// Prints jest's totals from its --json output as one line, `N passed, N failed`, for CI. A missing or
// unreadable report counts as one failure, so a crashed run never looks green.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.ci/out/jest.json';
try {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
  console.log(`${report.numPassedTests} passed, ${failed} failed`);
} catch {
  console.log('0 passed, 1 failed');
}
