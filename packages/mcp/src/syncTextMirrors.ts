import { isDeepStrictEqual } from 'node:util';
import { MAX_ARGUMENT_DEPTH, nestsDeeperThan } from '@brane/core';
import { BraneError } from '@brane/errors';

interface ResultLike {
  readonly content?: unknown;
  readonly structuredContent?: unknown;
}

/**
 * Keeps the text copy of a tool's structured content in step with what the policies left of it. MCP asks a
 * tool that returns `structuredContent` to return it serialized in a text block too; a redaction or output
 * transform of `structuredContent.email` would leave the address in that copy. So each text block of `final`
 * that is, unchanged, the JSON of the tool's own structured content (in `raw`, what the tool returned) is
 * serialized again from `final.structuredContent`, or masked when that was removed.
 *
 * Comparing and serializing are recursive, so structured content that the policies changed and that is nested more
 * than `MAX_ARGUMENT_DEPTH` (1,000) deep, before or after, is refused (`INVALID_ARGUMENT`): its text copy could be
 * neither checked nor written again, and keeping it could leak what a redaction removed. Content the policies left
 * as it was is returned without a look (a governed tool's whole result was measured when the tool returned it, and
 * refused past the bound, before any policy saw it).
 */
export function syncTextMirrors(raw: unknown, final: unknown): unknown {
  if (!isResult(raw) || !isResult(final) || raw.structuredContent === undefined) return final;
  if (!Array.isArray(raw.content) || !Array.isArray(final.content)) return final;
  if (raw.structuredContent === final.structuredContent) return final;
  for (const [value, when] of [
    [raw.structuredContent, 'as the tool returned it'],
    [final.structuredContent, 'as the policies left it'],
  ] as const) {
    if (nestsDeeperThan(value, MAX_ARGUMENT_DEPTH)) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `MCP tool result: \`structuredContent\` ${when} is nested more than ${MAX_ARGUMENT_DEPTH} deep, so its text copy cannot be kept in step with the policies: refused`,
        { details: { field: 'structuredContent', maxDepth: MAX_ARGUMENT_DEPTH } },
      );
    }
  }
  if (isDeepStrictEqual(raw.structuredContent, final.structuredContent)) return final;
  const before: readonly unknown[] = raw.content;
  const content = (final.content as unknown[]).map((block, index) => {
    const original = textOf(before[index]);
    if (original === undefined || textOf(block) !== original || !mirrors(original, raw.structuredContent)) {
      return block;
    }
    const indent = original.includes('\n') ? 2 : undefined;
    const text =
      final.structuredContent === undefined ? '[REDACTED]' : JSON.stringify(final.structuredContent, null, indent);
    return { ...(block as object), text };
  });
  return { ...final, content };
}

function mirrors(text: string, data: unknown): boolean {
  try {
    // `data` is nested at most MAX_ARGUMENT_DEPTH deep, so the comparison stops within that many levels.
    return isDeepStrictEqual(JSON.parse(text), data);
  } catch (error) {
    if (error instanceof SyntaxError) return false; // not JSON: not a copy
    throw error; // never read as "not a copy", which would keep a text the policies meant to change
  }
}

function textOf(block: unknown): string | undefined {
  if (typeof block !== 'object' || block === null) return undefined;
  const { type, text } = block as { type?: unknown; text?: unknown };
  return type === 'text' && typeof text === 'string' ? text : undefined;
}

function isResult(value: unknown): value is ResultLike {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
