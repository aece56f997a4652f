import { hostAllowed, type SandboxConstraints } from '@brane/decisions';
import { BraneError, SandboxViolationError, describeValue } from '@brane/errors';

/** What {@link createSandboxFetch} is built from. */
export interface SandboxFetchOptions {
  /** The sandboxed capability, named in violations. */
  readonly capability: string;
  /** The sandbox; only `network` matters here. */
  readonly constraints: SandboxConstraints;
  /** Aborts every request (the sandbox's time limit); combined with the caller's own signal. */
  readonly signal?: AbortSignal | undefined;
  /** The fetch to wrap. Default: the global `fetch`. */
  readonly fetch?: typeof fetch | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
/** Headers a redirect to another origin must not carry (as fetch does). */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
/** Headers that describe a body, dropped with it when a redirect turns the request into a GET. */
const BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type', 'content-length'];

/**
 * A `fetch` that stays inside the sandbox. When `constraints.network` is set it refuses, with a
 * `SandboxViolationError` and before any request is made, every URL that is not `http:` or `https:` or whose
 * host (on its effective port) is not in `allowHosts`. It follows redirects itself, checking each `Location`
 * the same way, up to 10 of them, with fetch's rules: 301/302 turn a POST into a GET and 303 anything but
 * HEAD into a GET, dropping the body; a body is resent otherwise, which a stream body cannot be (a
 * `TypeError`, as fetch raises); credentials headers are dropped on a change of origin. The caller's
 * `redirect: 'manual'` or `'error'` is honoured. From a `Request` it takes the URL, method, headers, body, signal
 * and redirect mode (its body is a stream, so it is not resent). Without `network` it is the plain fetch.
 *
 * Every request gets the sandbox `signal`, combined with the caller's, so aborting the sandbox aborts the
 * request with the sandbox's reason.
 *
 * The check is on host names: it does not stop an allowed name that resolves to another address.
 *
 * @example
 * const fetch = createSandboxFetch({ capability: 'refund', constraints: { network: { allowHosts: ['api.stripe.com'] } } });
 * await fetch('https://api.stripe.com/v1/refunds', { method: 'POST', body });  // ok
 * await fetch('https://evil.example/');                                       // SandboxViolationError
 */
export function createSandboxFetch(options: SandboxFetchOptions): typeof fetch {
  checkOptions(options);
  const { capability, constraints, signal: sandboxSignal } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const network = constraints.network;

  const check = (url: URL): void => {
    if (network === undefined) return;
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    const port = url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port;
    if (web && hostAllowed(url.hostname, port, network.allowHosts)) return;
    const target = web ? url.host : url.href.length > 100 ? `${url.href.slice(0, 97)}...` : url.href;
    throw new SandboxViolationError({ capability, kind: 'network', target, allowed: network.allowHosts });
  };

  return async function sandboxFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const request = typeof input === 'string' || 'href' in input ? undefined : input;
    const callerSignal = init.signal ?? request?.signal ?? undefined;
    const signal = combineSignals(sandboxSignal, callerSignal);
    if (network === undefined) return fetchImpl(input, signal === undefined ? init : { ...init, signal });

    let url = new URL(typeof input === 'string' ? input : 'href' in input ? input.href : input.url);
    check(url);
    const { method: initMethod, headers: initHeaders, body: initBody, redirect, ...rest } = init;
    let method = initMethod ?? request?.method ?? 'GET';
    const headers = new Headers(initHeaders ?? request?.headers);
    let body = initBody !== undefined ? initBody : (request?.body ?? null);
    const follow = redirect ?? request?.redirect ?? 'follow';

    for (let hops = 0; ; hops++) {
      const response = await fetchImpl(url, {
        ...rest,
        ...(isStream(body) ? { duplex: 'half' as const } : {}),
        method,
        headers,
        body,
        redirect: 'manual',
        ...(signal === undefined ? {} : { signal }),
      });
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location === null || follow === 'manual') return hops === 0 ? response : markRedirected(response);
      await response.body?.cancel().catch(() => undefined);
      if (follow === 'error') throw new TypeError(`fetch: ${url.href} redirects, and \`redirect\` is 'error'`);
      if (hops === MAX_REDIRECTS) throw new TypeError(`fetch: more than ${MAX_REDIRECTS} redirects from ${url.href}`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch (error) {
        throw new TypeError(`fetch: ${url.href} redirects to an invalid URL ${describeValue(location)}`, {
          cause: error,
        });
      }
      check(next);
      const upper = method.toUpperCase();
      if (
        (response.status === 303 && upper !== 'GET' && upper !== 'HEAD') ||
        (response.status <= 302 && upper === 'POST')
      ) {
        method = 'GET';
        body = null;
        for (const name of BODY_HEADERS) headers.delete(name);
      } else if (body !== null && !isReplayable(body)) {
        throw new TypeError(
          `fetch: ${url.href} redirects (${response.status}) to ${next.href}, which needs the request body again, ` +
            'but a stream body cannot be sent twice; send a string, buffer or Blob instead',
        );
      }
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      signal?.throwIfAborted();
      url = next;
    }
  };
}

/** The sandbox's signal and the caller's as one, or whichever is set. */
function combineSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return AbortSignal.any([a, b]);
}

function isStream(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !isReplayable(body);
}

/** Bodies fetch can send again: strings, bytes, Blobs, forms. Streams and async iterables cannot be. */
function isReplayable(body: unknown): boolean {
  return (
    typeof body === 'string' ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof Blob ||
    body instanceof FormData ||
    body instanceof URLSearchParams
  );
}

/** The response of a followed redirect chain reports `redirected`, as fetch's does. */
function markRedirected(response: Response): Response {
  Object.defineProperty(response, 'redirected', { value: true });
  return response;
}

function checkOptions(options: SandboxFetchOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new BraneError('INVALID_ARGUMENT', `createSandboxFetch: expected options (got ${describeValue(options)})`);
  }
  if (typeof options.capability !== 'string' || options.capability === '') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `createSandboxFetch: \`capability\` must be a non-empty string (got ${describeValue(options.capability)})`,
    );
  }
  if (typeof options.constraints !== 'object' || options.constraints === null) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `createSandboxFetch: \`constraints\` must be sandbox constraints (got ${describeValue(options.constraints)})`,
    );
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `createSandboxFetch: \`fetch\` must be a function (got ${describeValue(options.fetch)})`,
    );
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `createSandboxFetch: \`signal\` must be an AbortSignal (got ${describeValue(options.signal)})`,
    );
  }
}
