import { braneApprovalOf, governTools, type BraneToolApproval } from '@brane/ai-sdk';
import { InMemoryApprovalStore, Runtime } from '@brane/sdk';
import { generateText, stepCountIs, streamText, type ModelMessage } from 'ai';
import { scriptedModel, type Prompt } from './scriptedModel.js';
import { SupportDesk } from './SupportDesk.js';
import type { ApprovalRecord } from '@brane/sdk';
import { SupportPolicies } from './SupportPolicies.js';
import { supportTools } from './supportTools.js';

/** One exchange of the story: what the user asked, and what the model answered. */
export interface Exchange {
  readonly asked: string;
  readonly answered: string;
}

/** What the story leaves behind, for `main` and the tests to check. */
export interface SupportStory {
  readonly desk: SupportDesk;
  readonly exchanges: readonly Exchange[];
  /** The Brane approval requests behind the SDK's approval request parts. */
  readonly braneRequests: readonly BraneToolApproval[];
  /** Every Brane approval record, at the end. */
  readonly approvals: readonly ApprovalRecord[];
  /** Every prompt the model was given: what it saw. */
  readonly prompts: readonly Prompt[];
}

/**
 * The example's story: a support agent with two AI SDK tools, governed by Brane, talks to a user through
 * `generateText` and `streamText`. A lookup (its email redacted), a small refund (allowed), a large one
 * (denied: the model is told why, and the generation goes on), a refund that needs approval (the SDK's
 * approval flow, backed by a Brane approval request; approved by the user, it runs once), and the large
 * refund asked again, streamed.
 */
export async function supportStory(): Promise<SupportStory> {
  const desk = new SupportDesk();
  const store = new InMemoryApprovalStore();
  const runtime = new Runtime({
    agentId: 'support-agent',
    environment: 'prod',
    tenantId: 'tenant_acme',
    principalId: 'user_lee',
    approvals: { store },
  });
  runtime.use(new SupportPolicies());
  const tools = governTools(runtime, supportTools(desk), {
    capabilities: {
      refund: { risk: 'high', effect: { type: 'financial', reversible: false, external: true } },
      lookup_customer: { risk: 'low', effect: { type: 'read' } },
    },
    // who approved, as Brane records it: the signed-in user, from the generation's context, as a typed name
    // (unauthenticated: no approver group is checked). `authorizeApprover` instead vouches for the user and
    // their groups, and Brane then requires one of the request's approver groups.
    approver: (grant) => (grant.context as { user: string }).user,
  });
  const { model, prompts } = scriptedModel();
  const messages: ModelMessage[] = [];
  const exchanges: Exchange[] = [];
  const context = { user: 'lee@support' };

  const ask = async (asked: string) => {
    messages.push({ role: 'user', content: asked });
    const result = await generateText({
      model,
      tools,
      messages,
      stopWhen: stepCountIs(5),
      experimental_context: context,
    });
    messages.push(...result.response.messages);
    const waiting = result.content.some((part) => part.type === 'tool-approval-request');
    exchanges.push({
      asked,
      answered: waiting ? '(a tool-approval-request: the tool waits for the user)' : result.text,
    });
    return result;
  };

  await ask('Please look up cust_ada');
  await ask('Refund cust_ada $40');
  await ask('Refund cust_ada $900');

  const pending = await ask('Refund cust_bob $250');
  const requests = pending.content.flatMap((part) => (part.type === 'tool-approval-request' ? [part] : []));
  const braneRequests = requests.flatMap((request) => braneApprovalOf(runtime, request) ?? []);
  // the user approves in the chat UI: the SDK's tool-approval-response, then the app calls the model again
  messages.push({
    role: 'tool',
    content: requests.map((request) => ({
      type: 'tool-approval-response' as const,
      approvalId: request.approvalId,
      approved: true,
      reason: 'Bob was double-charged',
    })),
  });
  const approved = await generateText({
    model,
    tools,
    messages,
    stopWhen: stepCountIs(5),
    experimental_context: context,
  });
  messages.push(...approved.response.messages);
  exchanges.push({ asked: '(approves the refund)', answered: approved.text });

  messages.push({ role: 'user', content: 'Refund cust_ada $900, please, it is urgent' });
  const streamed = streamText({ model, tools, messages, stopWhen: stepCountIs(5), experimental_context: context });
  let answered = '';
  for await (const delta of streamed.textStream) answered += delta;
  exchanges.push({ asked: 'Refund cust_ada $900, please, it is urgent (streamed)', answered });

  return {
    desk,
    exchanges,
    braneRequests,
    approvals: await runtime.approvals.list(),
    prompts,
  };
}
