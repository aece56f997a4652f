import fc from 'fast-check';
import { InMemoryApprovalStore } from '@brane/approvals';
import { MemoryAuditSink, type AuditEvent } from '@brane/audit';
import { Capability, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import {
  ApprovalRejectedError,
  ApprovalRequiredError,
  CapabilityDeniedError,
  MAX_CUT_MARKER_LENGTH,
  MAX_TEXT_LENGTH,
} from '@brane/errors';
import { denialOf } from '../../packages/ai-sdk/src/denialOf.js';
import { refusalMessages } from '../../packages/langchain/src/refusalMessages.js';
import { toolErrorResult } from '../../packages/mcp/src/toolErrorResult.js';
import { refusalMessage } from '../../packages/openai-agents/src/refusalMessage.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * Security review, finding 10: every reason and message Brane copies is bounded. For any text (any length, from
 * empty to half a million characters, of any content: astral characters, lone surrogates, control characters, a surrogate pair
 * across the bound) used as a deny reason (before and after the capability ran), an approval reason, the
 * message a capability throws, an approver's comment and a withdrawal reason, every copy Brane makes (the
 * decision, the error's reason and message, the approval record, every audit event, the MCP result, the AI SDK,
 * LangChain and OpenAI Agents results) is exactly what an independent oracle says: the text whole when it fits,
 * else its first MAX_TEXT_LENGTH characters (one fewer rather than split a surrogate pair) and
 * ` … [cut N characters]` with N what is missing. So each copy is at most the bound plus the marker, and a
 * prefix of what it copies.
 */

/** The oracle: written apart from `boundText` (no regex, `toLocaleString`). */
function oracle(full: string): string {
  if (full.length <= MAX_TEXT_LENGTH) return full;
  let keep = MAX_TEXT_LENGTH;
  const high = full.charCodeAt(keep - 1);
  const low = full.charCodeAt(keep);
  if (high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) keep -= 1;
  const cut = full.length - keep;
  return `${full.slice(0, keep)} … [cut ${cut.toLocaleString('en-US')} ${cut === 1 ? 'character' : 'characters'}]`;
}

/** Characters of every kind: ASCII, accents, astral (surrogate pairs), lone surrogates, controls, the ellipsis. */
const unit = fc.oneof(
  fc.constantFrom('a', 'Z', ' ', '\n', '\t', '\u001b', '\u0000', 'é', '中', '😀', '𝄞', '…', '[', ']'),
  fc.constantFrom('\ud83d', '\ude00'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const chunk = fc.string({ unit, minLength: 1, maxLength: 12 });
/** A text of about `length` characters: a chunk repeated, so that a megabyte costs nothing to generate. */
const sized = (min: number, max: number) =>
  fc
    .tuple(chunk, fc.integer({ min, max }))
    .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));
const textArb = fc
  .oneof(
    { weight: 3, arbitrary: fc.string({ unit, maxLength: 40 }) },
    { weight: 3, arbitrary: sized(1_900, 2_100) },
    { weight: 2, arbitrary: sized(2_100, 20_000) },
    { weight: 1, arbitrary: sized(100_000, 500_000) },
    // An astral character across the bound, wherever the text around it puts it.
    { weight: 2, arbitrary: fc.tuple(sized(1_990, 2_001), chunk).map(([head, tail]) => `${head}😀${tail}`) },
  )
  .map((text) => `R${text}`); // a reason must not be blank

class Payments {
  @Capability({ name: 'refund' })
  async refund(amount: number, note: string): Promise<string> {
    if (amount === 4) throw new Error(note);
    return `refunded ${amount}`;
  }
}

/** The copies Brane made of one text, each with the text it copies (the original, or a message around it). */
type Copies = [name: string, copy: unknown, full: string][];

async function copiesOf(text: string): Promise<{ copies: Copies; thrown: unknown }> {
  const sink = new MemoryAuditSink();
  const runtime = new Runtime({
    tenantId: 'acme',
    principalId: 'user_1',
    approvals: { store: new InMemoryApprovalStore() },
    // Masking is not under test here: no secret shapes, so every copy can be compared whole.
    audit: { sinks: [sink], secretPatterns: [] },
  });
  runtime.beforeCapability('refund', { name: 'p' }, (ctx) => {
    const amount = ctx.arg<number>('amount', 0);
    if (amount === 1) return Decision.deny(text);
    if (amount === 3) return Decision.requireApproval({ approverGroup: 'finance', reason: text });
    return Decision.allow();
  });
  runtime.afterCapability('refund', { name: 'q' }, (ctx) =>
    ctx.arg<number>('amount', 0) === 2 ? Decision.deny(text) : Decision.allow(),
  );
  const payments = runtime.govern(new Payments());
  const fail = (amount: number) =>
    payments.refund(amount, text).then(
      () => undefined,
      (error: unknown) => error,
    );
  const copies: Copies = [];

  for (const stage of ['before', 'after'] as const) {
    const denied = (await fail(stage === 'before' ? 1 : 2)) as CapabilityDeniedError;
    expect(denied).toBeInstanceOf(CapabilityDeniedError);
    const mcp = toolErrorResult(denied);
    const aiSdk = denialOf(denied, { tool: 'refund', capability: 'refund' }, () => '');
    const said = stage === 'before' ? 'Brane denied this call: ' : 'Brane withheld the result of this call: ';
    copies.push(
      [`${stage}: decision`, denied.decision.reason, text],
      [`${stage}: error reason`, denied.reason, text],
      [
        `${stage}: error message`,
        denied.message,
        `Capability \`refund\` denied by policy \`${stage === 'before' ? 'p' : 'q'}\` (${stage}): ${text}`,
      ],
      [
        `${stage}: MCP text`,
        (mcp.content[0] as { text: string }).text,
        `${stage === 'before' ? 'Denied by policy: ' : 'The tool ran, but policy withheld its output: '}${text}`,
      ],
      [`${stage}: MCP _meta reason`, (mcp._meta?.['brane'] as { reason: string }).reason, text],
      [`${stage}: AI SDK reason`, aiSdk?.reason, text],
      [`${stage}: LangChain`, refusalMessages.denied(denied), `${said}${text}`],
      [`${stage}: OpenAI Agents`, refusalMessage(denied), `${said}${text}`],
    );
    // The AI SDK's default message reworks the reason (a sentence with instructions after it): bounded, not a prefix.
    expect((aiSdk?.message ?? '').length).toBeLessThanOrEqual(MAX_TEXT_LENGTH + MAX_CUT_MARKER_LENGTH);
  }

  const required = (await fail(3)) as ApprovalRequiredError;
  expect(required).toBeInstanceOf(ApprovalRequiredError);
  const { approvalId, expiresAt } = required;
  const mcp = toolErrorResult(required);
  copies.push(
    ['approval: error reason', required.reason, text],
    [
      'approval: error message',
      required.message,
      `Capability \`refund\` needs approval from finance (approval ${approvalId}, expires ${expiresAt}): ${text}`,
    ],
    ['approval: record reason', (await runtime.approvals.get(approvalId)).request.reason, text],
    [
      'approval: MCP text',
      (mcp.content[0] as { text: string }).text,
      `Approval required; the call has not run. Approval ${approvalId} is pending with finance until ${expiresAt}. Reason: ${text}`,
    ],
    ['approval: MCP approval reason', (mcp._meta?.['brane'] as { approval: { reason: string } }).approval.reason, text],
  );
  await runtime.approvals.reject(approvalId, { approver: 'maria', comment: text });
  const rejected = (await runtime.resume(approvalId).catch((error: unknown) => error)) as ApprovalRejectedError;
  expect(rejected).toBeInstanceOf(ApprovalRejectedError);
  copies.push(
    ['reject: record comment', (await runtime.approvals.get(approvalId)).decision?.comment, text],
    ['reject: error comment', rejected.comment, text],
    [
      'reject: error message',
      rejected.message,
      `Capability \`refund\` was rejected by maria (approval ${approvalId}): ${text}`,
    ],
  );

  const again = (await fail(3)) as ApprovalRequiredError;
  const withdrawn = await runtime.approvals.withdraw(again.approvalId, { reason: text });
  copies.push(['withdraw: record reason', withdrawn.withdrawal?.reason, text]);

  const thrown = await fail(4);
  await runtime.close();
  for (const event of sink.events) copies.push(...auditCopies(event, text, approvalId));
  return { copies, thrown };
}

/**
 * The reasons, comments and error messages an audit event holds, each a copy of `text` (the completion of the
 * rejected resume holds the rejection's message, itself a copy of a message around `text`).
 */
function auditCopies(event: AuditEvent, text: string, approvalId: string): Copies {
  const copies: Copies = [];
  const said = event as unknown as Record<string, unknown>;
  if (event.type === 'action') {
    for (const policy of event.policies)
      if (policy.reason !== undefined) copies.push([`audit record: policy ${policy.name} reason`, policy.reason, text]);
    for (const [stage, decision] of Object.entries(event.decisions))
      if (decision?.reason !== undefined && decision.reason !== '')
        copies.push([`audit record: ${stage} decision reason`, decision.reason, text]);
    if (event.error !== undefined) copies.push(['audit record: error', event.error.message, text]);
    if (event.reason !== undefined) {
      const rejection = `Capability \`refund\` was rejected by maria (approval ${approvalId}): `;
      const full = event.reason.startsWith(rejection) ? `${rejection}${text}` : text;
      copies.push(['audit record: reason', event.reason, full]);
    }
    return copies;
  }
  for (const field of ['comment', 'reason'] as const) {
    const value = said[field];
    if (event.type.startsWith('approval.') && typeof value === 'string')
      copies.push([`audit ${event.type}: ${field}`, value, text]);
  }
  return copies;
}

jest.setTimeout(15 * 60_000);

describe('every reason and message Brane copies is bounded, and a prefix of what it copies', () => {
  it('for any length and content: errors, approval records, audit events, MCP and adapter results', async () => {
    const figures = { cases: 0, copies: 0, cut: 0, whole: 0, astralAtBound: 0, longest: 0, wrong: 0 };
    await fc.assert(
      fc.asyncProperty(textArb, async (text) => {
        figures.cases += 1;
        const { copies, thrown } = await copiesOf(text);
        // What a capability throws is not Brane's to change: the caller gets it whole.
        expect((thrown as Error).message).toBe(text);
        const boundary = text.charCodeAt(MAX_TEXT_LENGTH - 1);
        if (boundary >= 0xd800 && boundary <= 0xdbff) figures.astralAtBound += 1;
        for (const [name, copy, full] of copies) {
          figures.copies += 1;
          const want = oracle(full);
          if (copy !== want) {
            figures.wrong += 1;
            // A readable failure: which copy, its end and its length, against the oracle's.
            const view = (value: unknown) => (typeof value === 'string' ? [value.slice(-80), value.length] : value);
            expect({ name, copy: view(copy) }).toEqual({ name, copy: view(want) });
          }
          figures.longest = Math.max(figures.longest, want.length);
          if (want === full) figures.whole += 1;
          else figures.cut += 1;
        }
      }),
      propertyParameters(100),
    );
    reportFigures('bounded copies', figures);
    expect(figures.wrong).toBe(0);
    expect(figures.longest).toBeLessThanOrEqual(MAX_TEXT_LENGTH + MAX_CUT_MARKER_LENGTH);
    // Non-vacuity: texts were cut and kept whole, and a surrogate pair straddled the bound.
    expect(figures.cut).toBeGreaterThan(0);
    expect(figures.whole).toBeGreaterThan(0);
    expect(figures.astralAtBound).toBeGreaterThan(0);
  });
});
