/**
 * Thrown by a governed tool's body when it is reached while `needsApproval` only records an approval
 * request: the policies allowed the call after all, so the body must not run there; the SDK runs the
 * tool (governed again) right after.
 *
 * @internal
 */
export class ProbeReachedError extends Error {
  constructor() {
    super('The tool was not run: this call only records an approval request');
    this.name = 'ProbeReachedError';
  }
}
