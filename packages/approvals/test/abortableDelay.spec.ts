import { abortableDelay } from '../src/abortableDelay';

describe('abortableDelay', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('resolves after the delay and leaves no timer or listener behind', async () => {
    const controller = new AbortController();
    const removed = jest.spyOn(controller.signal, 'removeEventListener');
    let resolved = false;
    const delay = abortableDelay(100, controller.signal).then(() => {
      resolved = true;
    });

    await jest.advanceTimersByTimeAsync(99);
    expect(resolved).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await delay;

    expect(resolved).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('rejects with the signal reason as soon as it aborts, clearing its timer', async () => {
    const controller = new AbortController();
    const delay = abortableDelay(10_000, controller.signal);
    expect(jest.getTimerCount()).toBe(1);

    const reason = new Error('user gave up');
    controller.abort(reason);

    await expect(delay).rejects.toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const reason = { why: 'shutdown' };

    await expect(abortableDelay(10_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('works without a signal', async () => {
    const delay = abortableDelay(5, undefined);
    await jest.advanceTimersByTimeAsync(5);

    await expect(delay).resolves.toBeUndefined();
  });
});
