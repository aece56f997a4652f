// Runs under both compilations: standard (TC39) decorators and `experimentalDecorators`.
import { CapabilityDeniedError } from '@brane/errors';
import { Capability, Runtime } from '@brane/core';
import { denyAll } from '../fixtures/recorder';

class Vault {
  opened = 0;

  @Capability({ name: 'vault.open' })
  open(): string {
    this.opened += 1;
    return 'open';
  }
}

/**
 * Every object Brane recorded about `Vault` in its class metadata, found the way any code can find it: the
 * symbol keys of `Vault[Symbol.metadata]` (standard decorators). `experimentalDecorators` records are kept in a
 * module-private `WeakMap`, which no other code can read.
 */
function recordsAnyoneCanRead(): Record<string, unknown>[] {
  const lists: unknown[] = [];
  const metadata = (Vault as { [Symbol.metadata]?: Record<symbol, unknown> })[Symbol.metadata];
  if (metadata) for (const key of Object.getOwnPropertySymbols(metadata)) lists.push(metadata[key]);
  return lists.flatMap((list) => (Array.isArray(list) ? (list as Record<string, unknown>[]) : []));
}

describe('class metadata', () => {
  // Found by test/reliability/bypass.spec.ts: the record kept the undecorated method as `original`, and
  // `Object.getOwnPropertySymbols(Vault[Symbol.metadata])` reaches it, so calling it ran the body with no
  // policy evaluated, even under a deny.
  it('holds no function that runs a capability without its gate', () => {
    const runtime = new Runtime();
    denyAll(runtime, 'vault.open');
    const vault = runtime.govern(new Vault());
    const records = recordsAnyoneCanRead();
    const standard = (Vault as { [Symbol.metadata]?: unknown })[Symbol.metadata] !== undefined;
    expect(records).toHaveLength(standard ? 1 : 0);

    const functions = records.flatMap((record) => Object.values(record).filter((v) => typeof v === 'function'));
    expect(functions).toEqual(standard ? [Vault.prototype.open] : []);
    for (const fn of functions) {
      expect(() => (fn as () => string).call(vault)).toThrow(CapabilityDeniedError);
    }
    expect(vault.opened).toBe(0);
  });
});
