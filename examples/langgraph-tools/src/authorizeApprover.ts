import type { GraphApproval } from '@brane/langchain';
import type { ApproverIdentity, AuthorizeApprover } from '@brane/sdk';

/** The user a server authenticated, as LangGraph Platform's custom auth puts it in `configurable.langgraph_auth_user`. */
export interface SignedInUser {
  readonly identity: string;
  readonly groups: readonly string[];
}

/**
 * Who answers an approval interrupt: the user the server signed in, read from the node's config (where LangGraph
 * Platform's custom auth handler puts it, out of the client's reach), never the `approver` a resume value claims.
 * Brane then checks their groups against the request's `approverGroups`.
 */
export const authorizeApprover: AuthorizeApprover<GraphApproval> = ({ context }): ApproverIdentity | undefined => {
  const user = context.config.configurable?.['langgraph_auth_user'] as SignedInUser | undefined;
  return user === undefined ? undefined : { id: user.identity, groups: user.groups, authenticatedBy: 'langgraph-auth' };
};

/** The config of a graph call on thread `threadId` by a signed-in user, as the server would build it. */
export function signedIn(threadId: string, user?: SignedInUser) {
  return { configurable: { thread_id: threadId, ...(user === undefined ? {} : { langgraph_auth_user: user }) } };
}
