import type { GovernOptions } from './parseGovernOptions.js';

/**
 * Tells the runtime that the capabilities `mcp.<server>.<tool>` of the tools its rules govern are registered
 * as the tools are registered or discovered, so that a policy on one of them is not an unknown target before
 * then. A target under another server's prefix, or a tool a rule leaves ungoverned, is still reported.
 */
export function declareToolCapabilities({ runtime, server, rules }: GovernOptions): void {
  const prefix = `mcp.${server}.`;
  runtime.declareDynamicCapabilities(
    (name) => name.startsWith(prefix) && rules.match(name.slice(prefix.length)) !== false,
  );
}
