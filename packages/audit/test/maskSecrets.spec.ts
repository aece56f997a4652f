import { findSensitiveValues } from '../src/findSensitiveValues';
import { MIN_SECRET_VALUE_LENGTH, maskSecrets, maskString } from '../src/maskSecrets';
import { DEFAULT_SECRET_PATTERNS, DEFAULT_SENSITIVE_KEYS, REDACTED } from '../src/secretPatterns';

// Built at run time so that no scanner mistakes these test values for leaked credentials.
const joined = (...parts: string[]): string => parts.join('');
const fake = {
  openai: joined('sk-proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8t'),
  anthropic: `sk-ant-api03-${'x'.repeat(40)}`,
  stripe: joined('sk_live_', '51HqLyjWDarjtT1zdp7dc'),
  stripeRestricted: joined('rk_test_', '4eC39HqLyjWDarjtT1zdp7dc'),
  aws: joined('AKIA', 'IOSFODNN7EXAMPLE'),
  github: joined('ghp_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'),
  githubOauth: `gho_${'Z'.repeat(36)}`,
  githubPat: joined('github_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'),
  slack: joined('xoxb-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'),
  google: joined('AIza', 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'),
  jwt: joined('eyJhbGciOiJIUzI1NiJ9.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'),
  pem: [
    '-----BEGIN RSA PRIVATE KEY-----',
    'MIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi7Sio3aUl0+Bg1dHmJ7Pq2AoFs',
    'q1F1xY7u3QIDAQABAoIBAQCxuY0KOIuZsfa8x7a4jR3Gd0oBb9fj+5Qk7Q0p8Q==',
    '-----END RSA PRIVATE KEY-----',
  ].join('\n'),
};

describe('maskString', () => {
  it.each([
    ['an OpenAI key', fake.openai],
    ['an Anthropic key', fake.anthropic],
    ['a Stripe secret key', fake.stripe],
    ['a Stripe restricted key', fake.stripeRestricted],
    ['an AWS access key id', fake.aws],
    ['a GitHub token', fake.github],
    ['a GitHub OAuth token', fake.githubOauth],
    ['a GitHub fine-grained token', fake.githubPat],
    ['a Slack token', fake.slack],
    ['a Google API key', fake.google],
    ['a JWT', fake.jwt],
    ['a PEM private key', fake.pem],
  ])('masks %s wherever it sits in a string', (_shape, secret) => {
    const masked = maskString(`key={${secret}} and then "${secret}", done`);

    expect(masked).not.toContain(secret);
    expect(masked).toBe(`key={${REDACTED}} and then "${REDACTED}", done`);
  });

  it('masks a PEM key cut short before its END line, up to the end of the string', () => {
    const cut = fake.pem.split('\n').slice(0, 2).join('\n');

    expect(maskString(`config: ${cut}`)).toBe(`config: ${REDACTED}`);
  });

  it('keeps the scheme of a bearer token and masks the token', () => {
    expect(maskString('sent Bearer abc123def456ghi to the API')).toBe(`sent Bearer ${REDACTED} to the API`);
    expect(maskString(`Bearer ${fake.jwt}`)).toBe(`Bearer ${REDACTED}`);
    expect(maskString('bearer QWxhZGRpbjpvcGVuIHNlc2FtZQ')).toBe(`bearer ${REDACTED}`);
  });

  it('masks the credentials of Authorization headers, whatever the scheme', () => {
    expect(maskString('Authorization: Basic dXNlcjpwYXNz')).toBe(`Authorization: Basic ${REDACTED}`);
    expect(maskString('{"authorization":"Token opaque"}')).toBe(`{"authorization":"${REDACTED}"}`);
    expect(maskString("proxy-authorization='Digest abc'")).toBe(`proxy-authorization='Digest ${REDACTED}'`);
  });

  it('masks the password of a URL and keeps the user, host and path', () => {
    expect(maskString('connect postgres://app:s3cr3t!@db.internal:5432/main failed')).toBe(
      `connect postgres://app:${REDACTED}@db.internal:5432/main failed`,
    );
    expect(maskString('redis://:hunter2@cache:6379')).toBe(`redis://:${REDACTED}@cache:6379`);
    expect(maskString('mongodb+srv://root:p%40ss@cluster0.example.net/db')).toBe(
      `mongodb+srv://root:${REDACTED}@cluster0.example.net/db`,
    );
  });

  it('masks password= and api_key= assignments and JSON fields inside strings', () => {
    expect(maskString('host=db user=app password=hunter2 sslmode=require')).toBe(
      `host=db user=app password=${REDACTED} sslmode=require`,
    );
    expect(maskString('GET /v1?q=x&api_key=abc123&page=2')).toBe(`GET /v1?q=x&api_key=${REDACTED}&page=2`);
    expect(maskString('body was {"user":"ann","password":"hun\\"ter2","n":1}')).toBe(
      `body was {"user":"ann","password":"${REDACTED}","n":1}`,
    );
  });

  it.each([
    'Refund of $349 exceeds the $100 limit for cust_123',
    'customer cust_123, order ord_9f8e7d, action 01HZY3M8Q4R5S6T7V8W9X0Y1Z2',
    'trace 4bf92f3577b34da6a3ce929d0e0e4736, span 00f067aa0ba902b7',
    'sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'id 123e4567-e89b-12d3-a456-426614174000',
    'see https://example.com:8080/path?x=1#frag and mailto:ann@example.com',
    'email ann@example.com, user ann:admin',
    'the bearer of this letter, bearer instruments, Bearer abc',
    'Authorization: required for this endpoint',
    'task-1234567890-abcdefghij-klmnop and risk-high-path-to-somewhere',
    'a password must be 12 characters; the token expired; the secret is safe',
    'sk-short and AKIA1234 and ghp_short',
    'eyJhbGciOiJIUzI1NiJ9 alone is just base64',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(maskString(text)).toBe(text);
  });

  it('uses the given patterns, whatever their flags, with a `secret` group when they have one', () => {
    const mycorp = /mycorp_[a-z0-9]{8}/;
    const labelled = /ticket=(?<secret>\d+)/i;

    expect(maskString('mycorp_abcd1234 and mycorp_efgh5678', [mycorp])).toBe(`${REDACTED} and ${REDACTED}`);
    expect(maskString('TICKET=42', [labelled])).toBe(`TICKET=${REDACTED}`);
    expect(mycorp.lastIndex).toBe(0);
    expect(maskString(fake.openai, [])).toBe(fake.openai);
  });

  it('stays linear on long, adversarial strings', () => {
    const inputs = [
      'a'.repeat(200_000),
      'a.'.repeat(100_000),
      `http://${'a'.repeat(100_000)}`,
      'x://'.repeat(20_000),
      `Bearer ${'a'.repeat(100_000)}`,
      `-----BEGIN PRIVATE KEY-----${'A'.repeat(100_000)}`,
      `"password": "${'\\"'.repeat(50_000)}`,
      'eyJ'.repeat(50_000),
    ];

    for (const input of inputs) expect(typeof maskString(input)).toBe('string');
  });
});

describe('maskSecrets', () => {
  it('masks secrets in args, outputs, errors and reasons at any depth, and leaves the input untouched', () => {
    const value = {
      args: { customerId: 'cust_123', note: `use ${fake.stripe}`, headers: [{ 'X-Trace': 'abc' }] },
      output: { rows: [{ dsn: 'postgres://app:s3cr3t@db/main' }], count: 2 },
      error: { name: 'HttpError', message: `401 with Bearer ${fake.jwt}` },
      decision: { type: 'deny', reason: `key ${fake.aws} is not allowed` },
    };
    const before = structuredClone(value);

    expect(maskSecrets(value)).toEqual({
      args: { customerId: 'cust_123', note: `use ${REDACTED}`, headers: [{ 'X-Trace': 'abc' }] },
      output: { rows: [{ dsn: `postgres://app:${REDACTED}@db/main` }], count: 2 },
      error: { name: 'HttpError', message: `401 with Bearer ${REDACTED}` },
      decision: { type: 'deny', reason: `key ${REDACTED} is not allowed` },
    });
    expect(value).toEqual(before);
  });

  it('masks whatever sits under a sensitive key, ignoring case, `_` and `-`, at any depth', () => {
    const value = {
      password: 'hunter2',
      user: { API_KEY: 12345, 'api-key': ['a', 'b'], apiKey: { nested: true } },
      requests: [{ headers: { Authorization: 'x', Cookie: 'sid=1' } }],
      cardNumber: '4242 4242 4242 4242',
      empty: { token: null, secret: undefined },
    };

    expect(maskSecrets(value)).toEqual({
      password: REDACTED,
      user: { API_KEY: REDACTED, 'api-key': REDACTED, apiKey: REDACTED },
      requests: [{ headers: { Authorization: REDACTED, Cookie: REDACTED } }],
      cardNumber: REDACTED,
      empty: { token: null, secret: undefined },
    });
  });

  it('matches keys exactly: names that merely contain a sensitive word are kept', () => {
    const value = { tokens: 1200, maxTokens: 4096, passwordHint: 'pet', secretary: 'Ann', tokenCount: 3 };

    expect(maskSecrets(value)).toEqual(value);
  });

  it('adds the given sensitive keys to the defaults', () => {
    const masked = maskSecrets(
      { ssn: '078-05-1120', Tax_Id: 'x', password: 'p', name: 'Ann' },
      { sensitiveKeys: ['SSN', 'taxId'] },
    );

    expect(masked).toEqual({ ssn: REDACTED, Tax_Id: REDACTED, password: REDACTED, name: 'Ann' });
  });

  it('extends the default patterns when asked', () => {
    const patterns = [...DEFAULT_SECRET_PATTERNS, /mycorp_[a-z0-9]{32}/g];
    const corp = `mycorp_${'a1'.repeat(16)}`;

    expect(maskSecrets({ a: corp, b: fake.github }, { patterns })).toEqual({ a: REDACTED, b: REDACTED });
  });

  it('copies cycles as `[Circular]` and shared objects twice', () => {
    const shared = { id: 'x' };
    const node: Record<string, unknown> = { name: 'root', shared, again: shared };
    node['self'] = node;
    node['list'] = [node, { parent: node }];

    expect(maskSecrets(node)).toEqual({
      name: 'root',
      shared: { id: 'x' },
      again: { id: 'x' },
      self: '[Circular]',
      list: ['[Circular]', { parent: '[Circular]' }],
    });
  });

  it('copies plain data of class instances and describes the rest by class name', () => {
    class Customer {
      constructor(
        readonly id: string,
        readonly apiKey: string,
      ) {}
    }
    class Opaque {}
    const error = Object.assign(new TypeError(`bad key ${fake.google}`), { code: 'E_KEY', config: { password: 'p' } });

    expect(
      maskSecrets({
        customer: new Customer('cust_1', 'k'),
        opaque: new Opaque(),
        map: new Map([['a', 1]]),
        set: new Set([1]),
        bytes: Buffer.from('secret'),
        view: new Uint8Array(2),
        promise: Promise.resolve(1),
        fn: function refund() {
          return 1;
        },
        arrow: (
          () => () =>
            1
        )(),
        symbol: Symbol('s'),
        big: 10n,
        when: new Date('2026-01-02T03:04:05.000Z'),
        url: new URL('https://ann:pw@example.com/x'),
        error,
      }),
    ).toEqual({
      customer: { id: 'cust_1', apiKey: REDACTED },
      opaque: '[Opaque]',
      map: '[Map]',
      set: '[Set]',
      bytes: '[Buffer]',
      view: '[Uint8Array]',
      promise: '[Promise]',
      fn: '[Function refund]',
      arrow: '[Function]',
      symbol: 'Symbol(s)',
      big: 10n,
      when: '2026-01-02T03:04:05.000Z',
      url: `https://ann:${REDACTED}@example.com/x`,
      error: { name: 'TypeError', message: `bad key ${REDACTED}`, code: 'E_KEY' },
    });
  });

  it('never throws: throwing getters, hostile proxies, toJSON that throws, deep nesting, odd options', () => {
    const getter = Object.defineProperty({ ok: 1 }, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    const badJson = {
      toJSON() {
        throw new Error('no json');
      },
    };
    Object.setPrototypeOf(badJson, { kind: 'custom' });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i += 1) deep = { next: deep };

    expect(maskSecrets(getter)).toEqual({ ok: 1, boom: '[Unreadable]' });
    expect(maskSecrets(proxy)).toBe('[Unreadable Object]');
    expect(maskSecrets(badJson)).toBe('[Unreadable Object]');
    expect(JSON.stringify(maskSecrets(deep))).toContain('[Truncated]');
    expect(maskSecrets('x', { sensitiveKeys: [1, null] as unknown as string[], patterns: 'x' as never })).toBe('x');
    expect(maskSecrets(undefined)).toBeUndefined();
    expect(maskSecrets(null)).toBeNull();
    expect(maskSecrets(42)).toBe(42);
  });

  it('copies a key named __proto__ as data, without touching the prototype', () => {
    const value = JSON.parse('{"__proto__":{"password":"p"},"a":1}') as object;
    const masked = maskSecrets(value) as Record<string, unknown>;

    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(masked, '__proto__')?.value).toEqual({ password: REDACTED });
  });

  it('documents its defaults', () => {
    expect(DEFAULT_SENSITIVE_KEYS).toEqual(expect.arrayContaining(['password', 'token', 'apiKey', 'authorization']));
    expect(Object.isFrozen(DEFAULT_SECRET_PATTERNS)).toBe(true);
    expect(DEFAULT_SECRET_PATTERNS.every((pattern) => pattern.global)).toBe(true);
  });
});

describe('secrets used as object keys (security review, finding 6)', () => {
  it('masks keys with the same shapes as values, at any depth, keeping what is under them', () => {
    const value = {
      [fake.stripe]: { plan: 'pro' },
      nested: [{ [`postgres://app:s3cr3t@db/main`]: 'primary', region: 'eu' }],
    };

    expect(maskSecrets(value)).toStrictEqual({
      [REDACTED]: { plan: 'pro' },
      nested: [{ [`postgres://app:${REDACTED}@db/main`]: 'primary', region: 'eu' }],
    });
  });

  it('masks known values in keys too', () => {
    expect(maskSecrets({ 'hunter2-hunter2 seen': 1 }, { values: ['hunter2-hunter2'] })).toStrictEqual({
      [`${REDACTED} seen`]: 1,
    });
  });

  it('keeps keys unique: a masked key that would repeat another gets a suffix, and no value is lost', () => {
    const masked = maskSecrets({
      [fake.stripe]: 1,
      [fake.github]: 2,
      [REDACTED]: 3,
      [`${REDACTED} #2`]: 4,
    }) as Record<string, number>;

    expect(masked).toStrictEqual({
      [REDACTED]: 3,
      [`${REDACTED} #2`]: 4,
      [`${REDACTED} #3`]: 1,
      [`${REDACTED} #4`]: 2,
    });
    expect(Object.values(masked).sort()).toStrictEqual([1, 2, 3, 4]);
  });

  it('masks a key by its own name and its value by the key it had', () => {
    expect(maskSecrets({ password: fake.stripe, [`token ${fake.stripe}`]: 'x' })).toStrictEqual({
      password: REDACTED,
      [`token ${REDACTED}`]: 'x',
    });
  });

  it('leaves ordinary keys, and objects with none to mask, as they are', () => {
    const value = { customerId: 'c1', 'https://example.com/a': 1, __proto__: null };
    expect(maskSecrets(value)).toStrictEqual({ customerId: 'c1', 'https://example.com/a': 1 });
  });
});

describe('secrets known by value', () => {
  // A secret without a known shape: only its name says it is one.
  const opaque = joined('cnry', 'Q7x9ZkLm3PwT8vRb2NdF');

  it('finds the strings and numbers under sensitive keys, at any depth, once each', () => {
    const shared = { pin: 'not-under-a-secret-key', token: opaque };
    const value = {
      user: 'ann',
      password: opaque,
      nested: [{ cardNumber: 4111111111111111, iban: 'DE89370400440532013000' }, shared],
      credentials: { apiKey: { primary: 'primary-secret', backup: ['backup-secret'] } },
      again: shared,
      short: { cvv: '123' },
    };

    expect(findSensitiveValues(value, { sensitiveKeys: ['iban'] }).sort()).toEqual(
      [opaque, '4111111111111111', 'DE89370400440532013000', 'primary-secret', 'backup-secret'].sort(),
    );
    expect(findSensitiveValues(value)).not.toContain('DE89370400440532013000');
    expect(findSensitiveValues({ user: opaque })).toEqual([]);
  });

  it('masks known values wherever a string repeats them: reasons, error messages, other fields', () => {
    const values = findSensitiveValues({ password: opaque });
    const masked = maskSecrets(
      {
        reason: `login failed: password ${opaque} was rejected`,
        error: new Error(`bad credentials ${opaque}`),
        copy: { note: opaque, list: [`x${opaque}x`] },
      },
      { values },
    );

    expect(JSON.stringify(masked)).not.toContain(opaque);
    expect(masked).toEqual({
      reason: `login failed: password ${REDACTED} was rejected`,
      error: { name: 'Error', message: `bad credentials ${REDACTED}` },
      copy: { note: REDACTED, list: [`x${REDACTED}x`] },
    });
  });

  it('masks a secret that contains another whole, and ignores values too short to mask safely', () => {
    const inner = opaque.slice(0, 10);

    expect(maskSecrets(`a ${opaque} b ${inner}`, { values: [inner, opaque] })).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(maskSecrets('cvv 123 and 12345', { values: ['123', '12345'] })).toBe('cvv 123 and 12345');
    expect(MIN_SECRET_VALUE_LENGTH).toBe(6);
    expect(findSensitiveValues({ password: 'hunter' })).toEqual(['hunter']);
    expect(findSensitiveValues({ password: 'hunt' })).toEqual([]);
  });

  it('never throws', () => {
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    let deep: unknown = opaque;
    for (let i = 0; i < 10_000; i += 1) deep = { password: deep };

    expect(findSensitiveValues({ password: 'readable', other: proxy })).toEqual(['readable']);
    expect(findSensitiveValues(deep)).toEqual([]);
    expect(findSensitiveValues(null)).toEqual([]);
    expect(maskSecrets('x', { values: 'x' as never })).toBe('x');
  });
});
