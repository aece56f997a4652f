import { isDeepStrictEqual } from 'node:util';

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
 */
export function syncTextMirrors(raw: unknown, final: unknown): unknown {
  if (!isResult(raw) || !isResult(final) || raw.structuredContent === undefined) return final;
  if (!Array.isArray(raw.content) || !Array.isArray(final.content)) return final;
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
    return isDeepStrictEqual(JSON.parse(text), data);
  } catch {
    return false;
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
