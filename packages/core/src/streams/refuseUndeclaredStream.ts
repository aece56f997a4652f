import { ConfigurationError } from '@brane/errors';
import type { CapabilityDefinition } from '../CapabilityDefinition.js';
import { generatorKind } from './generatorKind.js';

/**
 * Refuses to govern a generator function (`function*`, `async function*`) that is not declared streaming:
 * its body would run on each `next()`, after its action ended, outside its sandbox, time limit and policies.
 *
 * @param where what is being governed, for the message: `SupportAgent.exportRows`, `runtime.capability(rows)`
 */
export function refuseUndeclaredStream(definition: CapabilityDefinition, fn: unknown, where: string): void {
  const kind = generatorKind(fn);
  if (kind === undefined || definition.stream) return;
  const shape = kind === 'async' ? 'an `async function*`' : 'a `function*`';
  const fix = where.startsWith('runtime.capability')
    ? '`runtime.capability({ ..., stream: true }, fn)`'
    : '`@Capability({ ..., stream: true })`';
  throw new ConfigurationError(
    where.startsWith('runtime.capability') ? 'INVALID_OPTIONS' : 'INVALID_DECORATOR_USAGE',
    `${where}: capability \`${definition.name}\` is ${shape}, whose body would run after its action ended, ` +
      `outside its policies. Declare it streaming with ${fix}, so that every chunk is governed`,
    { details: { capability: definition.name } },
  );
}
