/** What a masked secret is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Key names whose values are always masked, at any depth. A key matches when it equals one of these once
 * both are lower-cased and stripped of `_` and `-` (`apiKey`, `api_key`, `API-KEY` all match `apikey`).
 * Deliberately conservative: `token` matches, `tokens`, `maxTokens` and `tokenCount` do not.
 */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'clientSecret',
  'secretAccessKey',
  'awsSecretAccessKey',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'authToken',
  'sessionToken',
  'apiKey',
  'xApiKey',
  'privateKey',
  'authorization',
  'proxyAuthorization',
  'cookie',
  'setCookie',
  'cardNumber',
  'cvv',
  'cvc',
]);

/**
 * The shapes of secrets masked in every string. Each pattern's whole match is replaced by `[REDACTED]`,
 * unless it has a named group `secret`: then only that group is (so `Bearer [REDACTED]` and
 * `postgres://app:[REDACTED]@db` keep their context). Extend it:
 *
 * @example
 * maskSecrets(value, { patterns: [...DEFAULT_SECRET_PATTERNS, /mycorp_[a-z0-9]{32}/g] })
 *
 * Every pattern is linear on any input: no nested quantifiers, bounded look-arounds, and no quantifier that can
 * start again inside the run another start already scanned (`test/secretPatterns.spec.ts` measures it, and checks
 * each with recheck). A `secret` group always ends the match (what follows it is a look-ahead), so masking needs
 * no match indices. High-entropy strings
 * without a known prefix (hex digests, UUIDs, ULIDs, AWS secret keys) are not guessed at: mask them by key.
 */
export const DEFAULT_SECRET_PATTERNS: readonly RegExp[] = Object.freeze([
  // PEM private keys (RSA, EC, OPENSSH, ENCRYPTED, PGP ... BLOCK), also when cut short before the END line.
  /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)/g,
  // JSON Web Tokens: header and payload are base64url JSON, so both start with `eyJ`. Only at the start of a run of
  // base64url characters: starting at every `eyJ` inside one (`'eyJ-'.repeat(n)`) would rescan the run each time.
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  // `Authorization: Basic ...`, `authorization=Bearer ...` in headers or logs: the credentials.
  /\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:bearer|basic|digest|token|apikey|negotiate|ntlm)\s+(?<secret>[^\s"',;]+)/gi,
  // Bearer tokens in free text: at least 8 characters with a digit or symbol, or 24 characters of anything.
  /\b[Bb]earer\s+(?<secret>(?=[A-Za-z._~+/-]{0,200}[0-9])[A-Za-z0-9._~+/-]{8,}=*|[A-Za-z0-9._~+/-]{24,}=*)/g,
  // Passwords in URLs: scheme://user:password@host keeps the user. Anchored on `://`, which neither part can hold.
  /:\/\/[^\s:/?#@]*:(?<secret>[^\s/?#@]+)(?=@)/g,
  // OpenAI, Anthropic (`sk-proj-...`, `sk-ant-...`); Stripe secret and restricted keys, webhook secrets.
  /\bsk-[A-Za-z0-9_-]{20,}/g,
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/g,
  /\bwhsec_[A-Za-z0-9+/=]{20,}/g,
  // AWS access key ids (long-term and temporary).
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  // GitHub tokens (classic, OAuth, user-to-server, server-to-server, refresh; fine-grained), GitLab, npm.
  /\bgh[pousr]_[A-Za-z0-9]{36,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  // Slack tokens.
  /\bxox[abeoprs]-[A-Za-z0-9-]{10,}/g,
  // Google API keys.
  /\bAIza[0-9A-Za-z_-]{35}/g,
  // `password=...`, `api_key: ...` in connection strings, query strings, config text.
  /(?:password|passwd|pwd|client_secret|api_?key|access_token|refresh_token|auth_token)\s*=\s*(?<secret>"[^"]*"|'[^']*'|[^\s&;,"']+)/gi,
  // `"password": "..."` in JSON that ended up inside a string (an error message, a logged body).
  /"(?:password|passwd|secret|client_?secret|api_?key|access_?token|refresh_?token|token|authorization)"\s*:\s*"(?<secret>(?:[^"\\]|\\.)*)(?=")/gi,
]);

/**
 * @internal One cheap pass that matches wherever any of {@link DEFAULT_SECRET_PATTERNS} could: a string it
 * does not match skips them all. Keep it in step with the patterns when editing them.
 */
export const DEFAULT_PATTERNS_HINT =
  /-----BEGIN|eyJ|authorization|bearer|:\/\/|[sr]k[-_]|whsec_|AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|npm_|xox|AIza|passw|pwd|secret|api_?key|token/i;
