import { frozenData } from './frozenData.js';
import { checkKeys, invalidField, isName, isRecord } from './payloadChecks.js';
import type { Mutations } from './Mutations.js';
import { DEFAULT_MASK, type Redaction } from './Redaction.js';
import { parseRedactionPath } from './RedactionPath.js';
import type { RouteTarget } from './RouteTarget.js';
import type { Transform } from './Transform.js';

/** Validates a mutation payload and returns a deeply frozen copy: what a policy keeps cannot change it. */
export function normalizeMutations(value: unknown, label: string): Mutations {
  if (!isRecord(value)) throw invalidField(label, 'must be a plain object', value);
  checkKeys(value, ['redact', 'input', 'output'], label);
  const result: { redact?: readonly Redaction[]; input?: Transform; output?: Transform } = {};
  if (value['redact'] !== undefined) result.redact = redactions(value['redact'], `${label}.redact`);
  if (value['input'] !== undefined) result.input = transform(value['input'], `${label}.input`, true);
  if (value['output'] !== undefined) result.output = transform(value['output'], `${label}.output`, false);
  return Object.freeze(result);
}

/** Validates a route target: another capability, or (for a model capability) another model or provider. */
export function normalizeRoute(value: unknown, label: string): RouteTarget {
  if (!isRecord(value)) throw invalidField(label, 'must be `{ capability }` or `{ model, provider }`', value);
  checkKeys(value, ['capability', 'model', 'provider'], label);
  const { capability, model, provider } = value;
  for (const [field, text] of Object.entries({ capability, model, provider })) {
    if (text !== undefined && !isName(text)) throw invalidField(`${label}.${field}`, 'must be a non-empty name', text);
  }
  if (capability !== undefined && (model !== undefined || provider !== undefined)) {
    throw invalidField(label, 'names either a capability or a model/provider, not both');
  }
  if (capability === undefined && model === undefined && provider === undefined) {
    throw invalidField(label, 'must name a `capability`, a `model` or a `provider`');
  }
  return Object.freeze(
    capability === undefined
      ? { ...(model === undefined ? {} : { model }), ...(provider === undefined ? {} : { provider }) }
      : { capability },
  ) as RouteTarget;
}

function redactions(value: unknown, label: string): readonly Redaction[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidField(label, 'must be a non-empty list of paths or `{ path, action, mask }`', value);
  }
  return Object.freeze(
    value.map((entry: unknown, index) => {
      const field = `${label}[${index}]`;
      const spec = typeof entry === 'string' ? { path: entry } : entry;
      if (!isRecord(spec)) throw invalidField(field, 'must be a path or `{ path, action, mask }`', entry);
      checkKeys(spec, ['path', 'action', 'mask'], field);
      const { path, action = 'mask', mask } = spec;
      if (typeof path !== 'string') throw invalidField(`${field}.path`, 'must be a string', path);
      parseRedactionPath(path);
      if (action !== 'mask' && action !== 'remove')
        throw invalidField(`${field}.action`, 'must be `mask` or `remove`', action);
      if (mask !== undefined && (typeof mask !== 'string' || action !== 'mask')) {
        throw invalidField(`${field}.mask`, 'must be a string, and only with `action: mask`', mask);
      }
      return Object.freeze({ path, action, mask: action === 'mask' ? (mask ?? DEFAULT_MASK) : undefined });
    }),
  );
}

function transform(value: unknown, label: string, input: boolean): Transform {
  if (!isRecord(value) || 'patch' in value === 'replace' in value || Object.keys(value).length !== 1) {
    throw invalidField(label, 'must be exactly one of `{ patch: {...} }` or `{ replace: ... }`', value);
  }
  if ('patch' in value) {
    if (!isRecord(value['patch'])) throw invalidField(`${label}.patch`, 'must be a plain object', value['patch']);
    return Object.freeze({ patch: frozenData(value['patch'], `${label}.patch`) });
  }
  if (input && !isRecord(value['replace'])) {
    throw invalidField(`${label}.replace`, 'must be a plain object of the arguments by name', value['replace']);
  }
  return Object.freeze({ replace: frozenData(value['replace'], `${label}.replace`) });
}
