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
