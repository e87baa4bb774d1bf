/**
 * Give the worker's event loop a turn so queued messages (Pause) run.
 *
 * On the cpu and wasm backends `await tensor.data()` resolves as a microtask,
 * so awaiting it never lets a message in; a MessageChannel post is a macrotask
 * without setTimeout's clamping to ≥ 4 ms after nesting.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Longest stretch of read-back work between two turns of the event loop. */
const WORK_MS_BETWEEN_YIELDS = 20;

/** A between-chunks hook for the evaluator: a turn of the event loop once a stretch of work passes WORK_MS_BETWEEN_YIELDS. */
export function throttledYield(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since <= WORK_MS_BETWEEN_YIELDS) return;
    await yieldToEventLoop();
    since = performance.now();
  };
}
