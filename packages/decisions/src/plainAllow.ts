import type { Fields } from './DecisionFields.js';
import type { DecisionInit } from './DecisionInit.js';
import type { Limit } from './Limit.js';
import { EMPTY } from './validateDecisionInit.js';

/** The init of a plain allow, `Decision.allow()`: the most common decision of all, made without checking anything. */
export const ALLOW: DecisionInit = Object.freeze({ type: 'allow' });

/**
 * The public fields of a plain allow made from {@link ALLOW}. Not frozen, nor is any list of checked fields: V8 reads
 * the elements of a frozen array several times slower where it also meets unfrozen ones (a copy's). None is ever
 * changed: they are private to the decision, and a copy changes its own.
 */
export const ALLOW_FIELDS: Readonly<Fields> = ['allow', ...new Array<undefined>(12).fill(undefined), EMPTY] as Fields;

/** The fields of a plain allow with `limits`. */
export function allowWith(limits: readonly Limit[]): Readonly<Fields> {
  const made: Fields = [...ALLOW_FIELDS];
  made[11] = limits;
  return made;
}
