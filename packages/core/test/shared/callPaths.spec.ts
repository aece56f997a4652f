// Runs under both compilations: standard (TC39) decorators and `experimentalDecorators`.
import { Decision } from '@brane/decisions';
import { BraneError, CapabilityDeniedError } from '@brane/errors';
import { Capability, Runtime } from '@brane/core';
import { denyAll, recordingRuntime } from '../fixtures/recorder';

class Ledger {
  readonly entries: string[] = [];

  @Capability({ name: 'ledger.write', risk: 'high' })
  write(entry: string): number {
    this.entries.push(entry);
    return this.entries.length;
  }

  @Capability({ name: 'ledger.write_async' })
  async writeAsync(entry: string): Promise<number> {
    await Promise.resolve();
    this.entries.push(entry);
    return this.entries.length;
  }

  @Capability({ name: 'ledger.write_twice' })
  writeTwice(entry: string): number {
    this.write(`${entry}-1`);
    return this.write(`${entry}-2`);
  }

  plainHelper(entry: string): number {
    return this.write(entry);
  }
}

class AuditedLedger extends Ledger {
  viaSuper(entry: string): number {
    return super.write(entry);
  }
}

class OverridingLedger extends Ledger {
  @Capability({ name: 'ledger.write', risk: 'high' })
  override write(entry: string): number {
    return super.write(entry.toUpperCase() === entry ? entry : entry);
  }
}

class RewritingLedger extends Ledger {
  @Capability({ name: 'ledger.write', risk: 'high' })
  override write(entry: string): number {
    return super.write(`${entry}!`);
  }
}

function governed<T extends Ledger>(make: () => T) {
  const { runtime, seen } = recordingRuntime();
  const ledger = runtime.govern(make());
  return { runtime, seen, ledger };
}

describe('every call path goes through the gate exactly once', () => {
  type Path = [string, (ledger: Ledger) => unknown];
  const paths: Path[] = [
    ['the governed instance', (l) => l.write('a')],
    [
      'a destructured method',
      (l) => {
        const { write } = l;
        return write('a');
      },
    ],
    ['a method bound to the instance', (l) => l.write.bind(l)('a')],
    ['the prototype method bound to the instance', (l) => Ledger.prototype.write.bind(l)('a')],
    ['call on the prototype method', (l) => Ledger.prototype.write.call(l, 'a')],
    ['Reflect.apply on the prototype method', (l) => Reflect.apply(Ledger.prototype.write, l, ['a'])],
    [
      'the instance property descriptor',
      (l) => (Object.getOwnPropertyDescriptor(l, 'write')?.value as Ledger['write'])('a'),
    ],
    [
      'the prototype property descriptor',
      (l) => (Object.getOwnPropertyDescriptor(Ledger.prototype, 'write')?.value as Ledger['write']).call(l, 'a'),
    ],
    ['an undecorated method calling this.write', (l) => l.plainHelper('a')],
  ];

  it.each(paths)('%s', (_label, call) => {
    const { seen, ledger } = governed(() => new Ledger());
    expect(call(ledger)).toBe(1);
    expect(seen.map((s) => s.capability)).toEqual(['ledger.write']);
    expect(seen[0]?.args).toEqual({ entry: 'a' });
    expect(ledger.entries).toEqual(['a']);
  });

  it.each(paths)('%s: a deny stops the body', (_label, call) => {
    const { runtime, ledger } = governed(() => new Ledger());
    denyAll(runtime, 'ledger.write');
    expect(() => call(ledger)).toThrow(CapabilityDeniedError);
    expect(ledger.entries).toEqual([]);
  });

  it("a subclass's super.write() from another method", () => {
    const { seen, ledger } = governed(() => new AuditedLedger());
    expect(ledger.viaSuper('a')).toBe(1);
    expect(seen.map((s) => s.capability)).toEqual(['ledger.write']);
  });

  it('a decorated override delegating to super with the same args is evaluated once', () => {
    const { seen, ledger } = governed(() => new OverridingLedger());
    expect(ledger.write('a')).toBe(1);
    expect(seen.map((s) => s.capability)).toEqual(['ledger.write']);
    expect(ledger.entries).toEqual(['a']);
  });

  it('a decorated override that changes the args before super is evaluated again, with the new args', () => {
    const { seen, ledger } = governed(() => new RewritingLedger());
    expect(ledger.write('a')).toBe(1);
    expect(seen.map((s) => s.args)).toEqual([{ entry: 'a' }, { entry: 'a!' }]);
    expect(seen[1]?.parentActionId).toBe(seen[0]?.actionId);
    expect(ledger.entries).toEqual(['a!']);
  });

  it('this.write() inside another capability is a nested action of the caller', () => {
    const { seen, ledger } = governed(() => new Ledger());
    ledger.writeTwice('x');
    expect(seen.map((s) => s.capability)).toEqual(['ledger.write_twice', 'ledger.write', 'ledger.write']);
    const [outer, first, second] = seen;
    expect(first?.parentActionId).toBe(outer?.actionId);
    expect(second?.parentActionId).toBe(outer?.actionId);
    expect(outer?.parentActionId).toBeUndefined();
  });

  it('recursion through the instance is governed on every level', () => {
    class Counter {
      @Capability({ name: 'count_down' })
      countDown(n: number): number {
        return n === 0 ? 0 : this.countDown(n - 1);
      }
    }
    const { runtime, seen } = recordingRuntime();
    runtime.govern(new Counter()).countDown(2);
    expect(seen.map((s) => s.args)).toEqual([{ n: 2 }, { n: 1 }, { n: 0 }]);
  });
});

describe('async capabilities on every path', () => {
  it.each([
    ['the instance', (l: Ledger) => l.writeAsync('a')],
    [
      'a destructured method',
      (l: Ledger) => {
        const { writeAsync } = l;
        return writeAsync('a');
      },
    ],
    [
      'Reflect.apply on the prototype',
      (l: Ledger) => Reflect.apply<Ledger, [string], Promise<number>>(Ledger.prototype.writeAsync, l, ['a']),
    ],
  ])('%s is governed and denied as a rejection', async (_label, call) => {
    const { runtime, ledger } = governed(() => new Ledger());
    denyAll(runtime, 'ledger.write_async');
    let pending: Promise<number> | undefined;
    expect(() => {
      pending = call(ledger);
    }).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(CapabilityDeniedError);
    expect(ledger.entries).toEqual([]);
  });
});

describe('ungoverned instances are refused', () => {
  it('a sync capability throws UNGOVERNED_CALL and never runs', () => {
    const ledger = new Ledger();
    expect(() => ledger.write('a')).toThrow(expect.objectContaining({ code: 'UNGOVERNED_CALL' }) as Error);
    expect(() => ledger.write('a')).toThrow(/no Runtime governs/);
    expect(ledger.entries).toEqual([]);
  });

  it('an async capability rejects with UNGOVERNED_CALL', async () => {
    const ledger = new Ledger();
    await expect(ledger.writeAsync('a')).rejects.toMatchObject({ code: 'UNGOVERNED_CALL' });
    expect(ledger.entries).toEqual([]);
  });

  it('the prototype method called without an instance is refused', () => {
    const { write } = Ledger.prototype;
    expect(() => write('a')).toThrow(/without an instance/);
  });

  it("a governed instance of another class cannot borrow a capability its runtime didn't register", () => {
    class Other {
      @Capability({ name: 'other.op' })
      op(): string {
        return 'ok';
      }
    }
    const runtime = new Runtime();
    const other = runtime.govern(new Other());
    expect(() => Reflect.apply(Ledger.prototype.write, other, ['a'])).toThrow(
      expect.objectContaining({ code: 'UNGOVERNED_CALL' }) as Error,
    );
  });
});

describe('governed methods cannot be re-patched', () => {
  it('assignment throws (modules and classes are strict code), and the governed method stays', () => {
    const { seen, ledger } = governed(() => new Ledger());
    const patch = (): number => 0;
    expect(() => {
      (ledger as { write: unknown }).write = patch;
    }).toThrow(TypeError);
    expect(ledger.write).not.toBe(patch);
    expect(ledger.write('a')).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it('redefining or deleting the property throws', () => {
    const { ledger } = governed(() => new Ledger());
    expect(() => Object.defineProperty(ledger, 'write', { value: () => 0 })).toThrow(TypeError);
    expect(() => {
      delete (ledger as Partial<Ledger>).write;
    }).toThrow(TypeError);
    expect(Object.getOwnPropertyDescriptor(ledger, 'write')).toMatchObject({ writable: false, configurable: false });
  });

  it('an undecorated override of a capability method cannot be governed', () => {
    class Sneaky extends Ledger {
      override write(entry: string): number {
        this.entries.push(entry);
        return 0;
      }
    }
    expect(() => new Runtime().govern(new Sneaky())).toThrow(
      /overrides the capability `ledger.write` without @Capability/,
    );
  });

  it('an own property shadowing a capability method cannot be governed', () => {
    const ledger = new Ledger();
    Object.defineProperty(ledger, 'write', { value: () => 0, writable: true, configurable: true });
    expect(() => new Runtime().govern(ledger)).toThrow(/shadows the capability `ledger.write`/);
  });

  it('a frozen instance is governed through its prototype; detached calls are refused', () => {
    const runtime = new Runtime();
    const ledger = runtime.govern(Object.freeze(new Ledger()));
    expect(ledger.write('a')).toBe(1);
    const { write } = ledger;
    expect(() => write('a')).toThrow(BraneError);
  });
});

describe('governing', () => {
  it('is idempotent on one runtime and refused by a second one', () => {
    const runtime = new Runtime();
    const ledger = new Ledger();
    expect(runtime.govern(ledger)).toBe(ledger);
    expect(runtime.govern(ledger)).toBe(ledger);
    expect(() => new Runtime().govern(ledger)).toThrow(expect.objectContaining({ code: 'ALREADY_GOVERNED' }) as Error);
  });

  it('two instances of one class share the capability without a duplicate error', () => {
    const runtime = new Runtime();
    runtime.govern(new Ledger());
    expect(() => runtime.govern(new Ledger())).not.toThrow();
  });

  it('each instance is governed by its own runtime', () => {
    const a = new Runtime();
    const b = new Runtime();
    denyAll(b, 'ledger.write');
    const allowed = a.govern(new Ledger());
    const denied = b.govern(new Ledger());
    expect(allowed.write('x')).toBe(1);
    expect(() => denied.write('x')).toThrow(CapabilityDeniedError);
    expect(() => Ledger.prototype.write.call(denied, 'x')).toThrow(CapabilityDeniedError);
  });

  it('refuses values without capabilities', () => {
    const runtime = new Runtime();
    expect(() => runtime.govern({})).toThrow(/has no @Capability methods/);
    expect(() => runtime.govern(null as unknown as object)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
  });

  it('a governed method keeps its name and arity', () => {
    const { ledger } = governed(() => new Ledger());
    expect(ledger.write.name).toBe('write');
    expect(ledger.write.length).toBe(1);
    expect(Ledger.prototype.write.name).toBe('write');
    expect(ledger.write).toBe(ledger.write);
  });

  it('allows with no policies at all', () => {
    const ledger = new Runtime().govern(new Ledger());
    expect(ledger.write('a')).toBe(1);
    expect(Decision.allow().allowed).toBe(true);
  });
});
