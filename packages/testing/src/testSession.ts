import { parseLabels, unionLabels } from '@brane/decisions';
import { BraneError, describeValue } from '@brane/errors';
import type { SessionEntry, SessionView } from '@brane/policy-engine';
import { DEFAULT_SESSION_LIMITS, Fingerprinter, SessionHistory, SessionState } from '@brane/sessions';

/** One earlier action of a test session: `capability` is required; the rest default to a low-risk tool that succeeded. */
export type TestSessionEntry = Pick<SessionEntry, 'capability'> & Partial<Omit<SessionEntry, 'capability'>>;

/** The session a test context's policies read (`ctx.session`, `ctx.argLabels`). All optional. */
export interface TestSessionOptions {
  /** Default `test-session`. */
  readonly id?: string | undefined;
  /** Earlier actions, oldest first (each `at` defaults to one second after the previous, ending now). */
  readonly entries?: readonly TestSessionEntry[] | undefined;
  /** Labels the session holds besides those of `entries` (`ctx.session.has({ label })`). */
  readonly labels?: readonly string[] | undefined;
  /**
   * Values read earlier under labels, fingerprinted as the runtime does: an argument embedding one of them
   * carries its labels (`ctx.argLabels('body')`), exactly as in a real session.
   */
  readonly reads?: readonly { readonly value: unknown; readonly labels: readonly string[] }[] | undefined;
  /** Labels an argument carries, by argument name, whatever its value (`ctx.argLabels(name)`). */
  readonly argLabels?: Readonly<Record<string, readonly string[]>> | undefined;
}

const WHERE = 'createPolicyContext: `session`';

/** Builds the {@link SessionView} of a test context, over the call's arguments by name (`sessionId`: the default id). */
export function testSession(
  options: TestSessionOptions,
  args: Readonly<Record<string, unknown>>,
  sessionId?: string,
): SessionView {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalid(`expected { entries, labels, reads, argLabels } (got ${describeValue(options)})`);
  }
  const { id = sessionId ?? 'test-session', entries = [], labels = [], reads = [], argLabels = {} } = options;
  if (typeof id !== 'string' || id === '')
    throw invalid(`\`id\` must be a non-empty string (got ${describeValue(id)})`);
  if (!Array.isArray(entries)) throw invalid(`\`entries\` must be a list (got ${describeValue(entries)})`);
  if (!Array.isArray(reads)) throw invalid(`\`reads\` must be a list (got ${describeValue(reads)})`);
  const now = Date.now();
  const state = new SessionState(now - entries.length * 1000);
  entries.forEach((given: unknown, i) => {
    const entry = entryOf(given, i, now - (entries.length - 1 - i) * 1000);
    state.record({ entry, fingerprints: [] }, DEFAULT_SESSION_LIMITS, entry.at);
  });
  for (const label of parseLabels(labels, `${WHERE}.labels`)) state.labels.add(label);
  const fingerprinter = new Fingerprinter();
  reads.forEach((read: unknown, i) => {
    if (typeof read !== 'object' || read === null || !('value' in read)) {
      throw invalid(`\`reads[${i}]\` must be { value, labels } (got ${describeValue(read)})`);
    }
    const readLabels = parseLabels((read as { labels?: unknown }).labels, `${WHERE}.reads[${i}].labels`);
    const fingerprints = fingerprinter.fingerprintOutput(id, read.value);
    for (const fingerprint of fingerprints) {
      state.fingerprints.set(fingerprint, unionLabels(state.fingerprints.get(fingerprint), readLabels) ?? []);
    }
    for (const label of readLabels) state.labels.add(label);
  });
  if (typeof argLabels !== 'object' || argLabels === null || Array.isArray(argLabels)) {
    throw invalid(`\`argLabels\` must be labels by argument name (got ${describeValue(argLabels)})`);
  }
  const stubbed = new Map<unknown, readonly string[]>();
  for (const [name, given] of Object.entries(argLabels)) {
    if (!(name in args)) {
      throw invalid(
        `\`argLabels\` names \`${name}\`, which is not an argument of the call (${Object.keys(args).join(', ') || 'none'})`,
      );
    }
    const parsed = parseLabels(given, `${WHERE}.argLabels.${name}`);
    stubbed.set(args[name], unionLabels(stubbed.get(args[name]), parsed) ?? []);
    for (const label of parsed) state.labels.add(label);
  }
  const history = new SessionHistory(id, state, fingerprinter, {
    countWindowMs: DEFAULT_SESSION_LIMITS.countWindowMs,
  });
  if (stubbed.size === 0) return history;
  return {
    id: history.id,
    get labels() {
      return history.labels;
    },
    has: (query) => history.has(query),
    count: (query) => history.count(query),
    last: (n) => history.last(n),
    labelsIn: (value) => unionLabels(history.labelsIn(value), stubbed.get(value)) ?? [],
  };
}

function entryOf(given: unknown, i: number, at: number): SessionEntry {
  if (typeof given !== 'object' || given === null) {
    throw invalid(`\`entries[${i}]\` must be an object with a \`capability\` (got ${describeValue(given)})`);
  }
  const entry = given as Partial<SessionEntry>;
  if (typeof entry.capability !== 'string' || entry.capability === '') {
    throw invalid(`\`entries[${i}].capability\` must be a non-empty string (got ${describeValue(entry.capability)})`);
  }
  const outcome = entry.outcome ?? 'succeeded';
  if (outcome !== 'succeeded' && outcome !== 'failed') {
    throw invalid(`\`entries[${i}].outcome\` must be \`succeeded\` or \`failed\` (got ${describeValue(outcome)})`);
  }
  const when = entry.at ?? at;
  if (typeof when !== 'number' || !Number.isFinite(when)) {
    throw invalid(`\`entries[${i}].at\` must be a time in epoch ms (got ${describeValue(when)})`);
  }
  return {
    capability: entry.capability,
    type: entry.type ?? 'tool',
    risk: entry.risk ?? 'low',
    effect: entry.effect,
    external: entry.external ?? false,
    labels: parseLabels(entry.labels ?? [], `${WHERE}.entries[${i}].labels`),
    outcome,
    at: when,
  };
}

function invalid(message: string): BraneError {
  return new BraneError('INVALID_ARGUMENT', `${WHERE}: ${message}`);
}
