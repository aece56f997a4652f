import { DEFAULT_SECRET_PATTERNS, REDACTED } from './secretPatterns.js';

/** Each pattern, compiled once as global (the caller's own `lastIndex` is left alone); see `compile`. */
const compiled = new WeakMap<RegExp, RegExp>();
const DEFAULT_PATTERNS: ReadonlySet<RegExp> = new Set(DEFAULT_SECRET_PATTERNS);

/**
 * `pattern` compiled once as global. A default pattern's `secret` group always ends its match, so it needs no
 * match indices (which cost an allocation per match, most of the time masking takes on a string full of
 * secrets); a caller's pattern gets them (`d`), since its group may sit anywhere.
 */
function compile(pattern: RegExp): RegExp {
  let global = compiled.get(pattern);
  if (global === undefined) {
    const flags = pattern.flags.replace(/[gyd]/g, '');
    global = new RegExp(pattern.source, `${flags}g${DEFAULT_PATTERNS.has(pattern) ? '' : 'd'}`);
    compiled.set(pattern, global);
  }
  return global;
}

/**
 * @internal `text` with every match of `pattern` replaced by `[REDACTED]`, or only its `secret` group. The pattern
 * is compiled once as global (see `compile`), so its flags and its own `lastIndex` do not matter.
 */
export function replaceMatches(text: string, given: RegExp): string {
  const pattern = compile(given);
  pattern.lastIndex = 0;
  let result = '';
  let copied = 0;
  let replaced = false;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0] === '') {
      pattern.lastIndex += 1;
      continue;
    }
    const span = secretSpan(match);
    if (span === undefined) continue;
    result += text.slice(copied, span[0]) + REDACTED;
    copied = span[1];
    replaced = true;
  }
  return replaced ? result + text.slice(copied) : text;
}

/** Where the `secret` group of `match` is, else the whole match; a match without indices ends with its group. */
function secretSpan(match: RegExpExecArray): readonly [number, number] | undefined {
  const end = match.index + match[0].length;
  if (match.indices !== undefined) return match.indices.groups?.['secret'] ?? match.indices[0];
  const secret = match.groups?.['secret'];
  return [secret === undefined ? match.index : end - secret.length, end];
}
