import { BraneError } from '@brane/errors';
import { invalidArgument, requireObject } from './checkInput.js';

/**
 * An approver the application vouches for: it authenticated them (a session, an OIDC token, the console's
 * sign-in) and says which groups they are in. `ApprovalService.approve` and `reject` enforce the request's
 * `approverGroups` and `distinctApprover` against it, and record it as `authenticated`. A plain string in their
 * place is a name someone typed (the CLI's `--approver`): recorded as unauthenticated, with no groups checked.
 *
 * @example
 * await approvals.approve(id, { approver: { id: session.email, groups: session.groups, authenticatedBy: 'oidc' } });
 */
export interface ApproverIdentity {
  /** Who they are, in the namespace of principal ids (`distinctApprover` compares the two). */
  readonly id: string;
  /** Every group they are in, as the application (or its identity provider) asserts. */
  readonly groups: readonly string[];
  /**
   * How they were authenticated, recorded with the decision: `'oidc:https://login.acme.com'`, `'session'`,
   * `'brane-console'`. Default `'application'`.
   */
  readonly authenticatedBy?: string | undefined;
}

/** The longest approver id, group name or `authenticatedBy` accepted. */
export const MAX_APPROVER_TEXT = 256;
/** The most groups an approver identity may name. */
export const MAX_APPROVER_GROUPS = 1_000;

const KEYS: ReadonlySet<string> = new Set(['id', 'groups', 'authenticatedBy']);
/** Control, format (bidi overrides, zero-width) and line-separator characters: never part of a name shown to people. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/**
 * `value` if it is a name fit to record and show: a string, not blank, at most {@link MAX_APPROVER_TEXT}
 * characters, without control, format or line-separator characters. Otherwise an `INVALID_ARGUMENT` error
 * naming `label`.
 */
export function approverText(value: unknown, label: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidArgument(label, 'a non-blank string', value);
  if (value.length > MAX_APPROVER_TEXT) throw tooMany(label, `${MAX_APPROVER_TEXT} characters`, value.length);
  if (UNPRINTABLE.test(value)) {
    throw invalidArgument(label, 'a name without control, format or line-separator characters', value);
  }
  return value;
}

/**
 * A checked, frozen copy of an {@link ApproverIdentity} (with `authenticatedBy` defaulted), or an
 * `INVALID_ARGUMENT` error naming the field at `label` that is wrong: an unknown key, a blank or unprintable
 * id or group, too many groups.
 */
export function checkApproverIdentity(value: unknown, label: string): Required<ApproverIdentity> {
  const input = requireObject(value, label);
  const unknown = Object.keys(input).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) throw invalidArgument(label, 'an approver identity { id, groups, authenticatedBy? }', value);
  const id = approverText(input['id'], `${label}.id`);
  const groups = input['groups'];
  if (!Array.isArray(groups)) throw invalidArgument(`${label}.groups`, 'an array of group names', groups);
  if (groups.length > MAX_APPROVER_GROUPS)
    throw tooMany(`${label}.groups`, `${MAX_APPROVER_GROUPS} groups`, groups.length);
  const checked = groups.map((group: unknown, i) => approverText(group, `${label}.groups[${i}]`));
  const by = input['authenticatedBy'];
  const authenticatedBy = by === undefined ? 'application' : approverText(by, `${label}.authenticatedBy`);
  return Object.freeze({ id, groups: Object.freeze([...new Set(checked)]), authenticatedBy });
}

function tooMany(label: string, limit: string, got: number): BraneError {
  return new BraneError('INVALID_ARGUMENT', `\`${label}\` must be at most ${limit} (got ${got})`, {
    details: { argument: label },
  });
}
