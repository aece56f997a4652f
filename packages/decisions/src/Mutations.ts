import type { Redaction } from './Redaction.js';
import type { Transform } from './Transform.js';

/** The mutation payload of a `redact`, `transform_input` or `transform_output` decision. */
export interface Mutations {
  /** For `redact`: the fields to remove or mask in the output. */
  readonly redact?: readonly Redaction[] | undefined;
  /** For `transform_input`: the change to the arguments, applied before later policies and the capability. */
  readonly input?: Transform | undefined;
  /** For `transform_output`: the change to the output. */
  readonly output?: Transform | undefined;
}
