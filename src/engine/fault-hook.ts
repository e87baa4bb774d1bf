/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs-core';
import { loseDevice } from './backend-loss';
import type { FaultKind } from './protocol';

/*
 * Test-only fault injection, so the browser tests can prove the page survives
 * failures that a healthy machine never produces on demand: a kernel throwing
 * in the middle of a training step, a read-back that rejects, the worker dying
 * and the GPU device being lost. It exists in the built app because that is
 * what the tests drive; nothing in the UI sends a 'fault' message (the page
 * forwards one only from a DOM event no control dispatches, see
 * ui/engine-link.ts), so in normal use it is unreachable.
 */

/** The kernel call (counted from the start of the step) that throws: deep enough to be mid-step. */
const FAILING_KERNEL_CALL = 25;

/**
 * Faults waiting for their moment: a kernel fault strikes inside the next
 * training step, a read fault inside the first read-back after the next step
 * (paused, that is the flow's density: a fixed task, so a test knows what to
 * expect), so each hits the code path it is meant to test whatever the worker
 * happens to be doing.
 */
export class ArmedFaults {
  private kernel = false;
  private readAfterStep = false;
  private read = false;

  /** Arm or fire a fault; returns what was done, for the worker's notice. */
  inject(fault: FaultKind): string {
    switch (fault) {
      case 'kernel':
        this.kernel = true;
        return 'the next training step will throw mid-step';
      case 'readback':
        this.readAfterStep = true;
        return 'the first read-back after the next step will be rejected';
      case 'crash':
        crashWorker();
        return 'the worker will crash';
      case 'device-lost':
        return loseDevice() ? 'the GPU device was destroyed' : `no GPU device to lose on ${tf.getBackend()}`;
    }
  }

  /** Run a training step, with a kernel failing part-way through it if armed. */
  step(fn: () => void): void {
    if (this.readAfterStep) [this.readAfterStep, this.read] = [false, true];
    if (!this.kernel) return fn();
    this.kernel = false;
    withFailingKernel(fn);
  }

  /** Run a read-back, with its first data() read rejected if armed. */
  async readBack<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.read) return fn();
    this.read = false;
    return withFailingRead(fn);
  }
}

/** An uncaught error, then the worker ends itself: the page sees an 'error' event and no more messages. */
function crashWorker(): void {
  setTimeout(() => {
    setTimeout(() => (self as unknown as DedicatedWorkerGlobalScope).close());
    throw new Error('injected worker crash');
  });
}

function withFailingKernel(fn: () => void): void {
  const engine = tf.engine() as unknown as { runKernel: (...args: unknown[]) => unknown };
  const original = engine.runKernel;
  let calls = 0;
  engine.runKernel = function (this: unknown, ...args: unknown[]) {
    calls += 1;
    if (calls === FAILING_KERNEL_CALL) throw new Error(`injected failure in kernel ${String(args[0])}`);
    return original.apply(this, args);
  };
  try {
    fn();
  } finally {
    engine.runKernel = original;
  }
}

async function withFailingRead<T>(fn: () => Promise<T>): Promise<T> {
  const proto = tf.Tensor.prototype as unknown as { data: () => Promise<unknown> };
  const original = proto.data;
  proto.data = function () {
    proto.data = original;
    return Promise.reject(new Error('injected read-back failure'));
  };
  try {
    return await fn();
  } finally {
    proto.data = original;
  }
}
