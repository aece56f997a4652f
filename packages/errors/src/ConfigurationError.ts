import { BraneError, type BraneErrorOptions } from './BraneError.js';
import type { ConfigurationErrorCode } from './BraneErrorCode.js';

/**
 * Brane was set up wrongly: a decorator in the wrong place, invalid options, a duplicate name. These are
 * raised when the decorator is applied or the policy or capability is registered, never later at call time.
 */
export class ConfigurationError extends BraneError {
  declare readonly code: ConfigurationErrorCode;

  // eslint-disable-next-line @typescript-eslint/no-useless-constructor -- narrows `code` to configuration codes
  constructor(code: ConfigurationErrorCode, message: string, options?: BraneErrorOptions) {
    super(code, message, options);
  }
}
