import { currentAction } from '../currentAction.js';
import { createSandboxFetch } from './createSandboxFetch.js';

/**
 * `fetch` for a capability body: held to the sandbox of the running action (its allowed hosts, checked on
 * every redirect, and its time limit's `AbortSignal`). Outside a sandboxed action it is plain `fetch`.
 * A capability that declares `sandbox: { network: true }` must reach the network only through it.
 *
 * @example
 * \@Capability({ name: 'fetch_rates', sandbox: { network: true } })
 * async fetchRates() { return (await sandboxFetch('https://api.rates.example/latest')).json(); }
 */
export function sandboxFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const action = currentAction();
  const constraints = action?.sandbox;
  if (action === undefined || constraints === undefined) return fetch(input, init);
  const signal = action.signal;
  return createSandboxFetch({
    capability: action.capability.name,
    constraints,
    ...(signal === undefined ? {} : { signal }),
  })(input, init);
}
