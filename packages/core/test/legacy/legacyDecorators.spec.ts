// Compiled with `experimentalDecorators` (see tsconfig.legacy.json): the NestJS-style call shape.
import 'reflect-metadata';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import type { PolicyContext } from '@brane/policy-engine';
import { AfterCapability, BeforeCapability, Capability, Runtime, capabilityOf } from '@brane/core';

class Mailer {
  readonly sent: string[] = [];

  @Capability({ name: 'send_email', risk: 'medium' })
  send(to: string, body: string): string {
    this.sent.push(to);
    return `delivered "${body}" to ${to}`;
  }
}

class MailPolicies {
  constructor(private readonly blocked: readonly string[]) {}

  @BeforeCapability('send_email', { version: '2.0' })
  noBlockedRecipients(ctx: PolicyContext): Decision {
    const to = ctx.arg<string>('to', '');
    return this.blocked.includes(to) ? Decision.deny(`Recipient ${to} is blocked`) : Decision.allow();
  }

  @AfterCapability('send_email')
  noSecretsInReceipt(ctx: PolicyContext): Decision {
    return String(ctx.output).includes('secret') ? Decision.deny('Receipt leaks a secret') : Decision.allow();
  }
}

describe('experimentalDecorators compilation', () => {
  it('calls the decorators with the legacy (prototype, key, descriptor) shape and keeps records privately', () => {
    expect(Reflect.getMetadataKeys(Mailer.prototype)).toEqual([]);
    expect((Mailer as { [Symbol.metadata]?: unknown })[Symbol.metadata]).toBeUndefined();
    expect(capabilityOf(Mailer.prototype.send)?.name).toBe('send_email');
    expect(capabilityOf(Mailer.prototype.send)?.params).toEqual(['to', 'body']);
  });

  it('governs calls and registers policy classes as with standard decorators', () => {
    const runtime = new Runtime();
    runtime.use(new MailPolicies(['spam@example.com']));
    const mailer = runtime.govern(new Mailer());
    expect(mailer.send('ok@example.com', 'hello')).toBe('delivered "hello" to ok@example.com');
    expect(() => mailer.send('spam@example.com', 'hi')).toThrow(/Recipient spam@example.com is blocked/);
    expect(() => mailer.send('ok@example.com', 'secret')).toThrow(
      expect.objectContaining({ stage: 'after', policyName: 'noSecretsInReceipt' }) as CapabilityDeniedError,
    );
    expect(runtime.policies.map((p) => `${p.name}@${p.version ?? '-'}`)).toEqual([
      'noBlockedRecipients@2.0',
      'noSecretsInReceipt@-',
    ]);
  });

  it('names the class and method when a decorator is misused', () => {
    expect(() => {
      class Broken {
        @BeforeCapability('send_email', { priority: Number.NaN })
        check(): Decision {
          return Decision.allow();
        }
      }
      return Broken;
    }).toThrow(/@BeforeCapability on `Broken.check`: `priority` expected number, received NaN/);
  });

  it('refuses a static method, naming the class', () => {
    expect(() => {
      class Broken {
        @Capability()
        static op(): void {}
      }
      return Broken;
    }).toThrow(/@Capability on static method `Broken.op`/);
  });

  it('refuses an accessor', () => {
    expect(() => {
      class Broken {
        @Capability()
        get value(): number {
          return 1;
        }
      }
      return Broken;
    }).toThrow(/@Capability on `Broken.value`: it decorates methods, not accessors or fields/);
  });

  it('copies inherited metadata on write: a subclass adds capabilities without changing its parent', () => {
    class Base {
      @Capability({ name: 'base.op' })
      op(): string {
        return 'base';
      }
    }
    class Derived extends Base {
      @Capability({ name: 'derived.extra' })
      extra(): string {
        return 'extra';
      }
    }
    const runtime = new Runtime();
    runtime.govern(new Derived());
    expect(runtime.capabilities.map((c) => c.name)).toEqual(['base.op', 'derived.extra']);
    const other = new Runtime();
    other.govern(new Base());
    expect(other.capabilities.map((c) => c.name)).toEqual(['base.op']);
  });
});
