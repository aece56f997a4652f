/** Something holding audit events that must be written, synchronously, before the process exits. */
export interface ExitDrainable {
  drainAtExit(): void;
}

const refs = new WeakMap<ExitDrainable, WeakRef<ExitDrainable>>();
const live = new Set<WeakRef<ExitDrainable>>();
let listening = false;

/** The one `exit` listener, however many queues are open. */
function drainAuditQueuesAtExit(): void {
  for (const ref of [...live]) {
    try {
      ref.deref()?.drainAtExit();
    } catch {
      // One failing drain must not stop the others; each reports its own losses.
    }
  }
}

/**
 * @internal Drains registered queues when the process exits. One listener serves them all, so many runtimes
 * do not trip Node's listener-count warning; queues are held weakly, so an unclosed dispatcher is not leaked
 * (a queue that still holds events is kept alive by its own timer or pending write).
 */
export const exitDrain = {
  add(target: ExitDrainable): void {
    if (refs.has(target)) return;
    for (const ref of live) if (ref.deref() === undefined) live.delete(ref);
    const ref = new WeakRef(target);
    refs.set(target, ref);
    live.add(ref);
    listen();
  },
  delete(target: ExitDrainable): void {
    const ref = refs.get(target);
    if (ref === undefined) return;
    refs.delete(target);
    live.delete(ref);
    listen();
  },
};

function listen(): void {
  const wanted = live.size > 0;
  if (wanted && !listening) process.on('exit', drainAuditQueuesAtExit);
  if (!wanted && listening) process.off('exit', drainAuditQueuesAtExit);
  listening = wanted;
}
