/** When a policy runs: `before` the capability executes, or `after`, with its output. */
export type PolicyStage = 'before' | 'after';
