import * as tf from '@tensorflow/tfjs-core';
import { splitOnWebgpu } from './split-webgpu';
import { bindingsWgsl, runRawProgram } from './webgpu-dispatch';
import { type KernelArgs, ordered, wgslWorkgroupSum } from './webgpu-kernel';

/**
 * The trainer's per-step bookkeeping (trainer.ts, stepObjective) in one
 * dispatch and a split on webgpu, where tfjs ops take thirteen:
 *   ok = isFinite(loss) ∧ isFinite(Σ gradient),  gate = ok ? 1 : 0,
 *   lossSum += ok ? loss : 0,  finiteSteps += gate,  badSteps += 1 − gate,
 *   consecutiveBad = ok ? 0 : consecutiveBad + 1.
 * Σ gradient in float32 as tfjs's sum (a NaN or ±Inf entry makes it non-finite,
 * so does an overflowing sum), by one workgroup: strided partial sums, then a tree.
 * Inputs [loss, gradient, lossSum, finiteSteps, badSteps, consecutiveBad];
 * outputs [gate, lossSum, finiteSteps, badSteps, consecutiveBad], scalars.
 */
export const STEP_TALLY_WEBGPU = 'FlowPlaygroundStepTallyWebgpu';

const LANES = 256;

const code = `${bindingsWgsl('n : i32,', ['LOSS', 'G', 'SUM', 'FINITE', 'BAD', 'RUN'], ['OUT'])}
var<workgroup> partial : array<array<f32, ${LANES}>, 1>;
// NaN and ±Inf have every exponent bit set.
fn finite(x : f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
@compute @workgroup_size(${LANES})
fn main(@builtin(local_invocation_index) lane : u32) {
  var acc = 0.0;
  for (var i = i32(lane); i < u.n; i += ${LANES}) { acc += G[i]; }
  partial[0][lane] = acc;
  ${wgslWorkgroupSum(LANES, 1)}
  if (lane == 0u) {
    let loss = LOSS[0];
    let ok = finite(loss) && finite(partial[0][0]);
    let gate = select(0.0, 1.0, ok);
    OUT[0] = gate;
    OUT[1] = SUM[0] + select(0.0, loss, ok);
    OUT[2] = FINITE[0] + gate;
    OUT[3] = BAD[0] + (1.0 - gate);
    OUT[4] = select(RUN[0] + 1.0, 0.0, ok);
  }
}`;

tf.registerKernel({
  kernelName: STEP_TALLY_WEBGPU,
  backendName: 'webgpu',
  kernelFunc: (({ inputs, backend }: KernelArgs) => {
    const all = ordered(inputs);
    const [packed] = runRawProgram(backend, {
      key: 'flowPlaygroundStepTally',
      code,
      inputs: all,
      outputShapes: [[5]],
      uniforms: [{ type: 'int32', value: all[1].shape[0] }],
      workgroups: [1, 1, 1],
    });
    const out = splitOnWebgpu(backend, packed, [[], [], [], [], []]);
    (backend as { disposeData(id: tf.DataId): boolean }).disposeData(packed.dataId);
    return out;
  }) as never,
});

export interface StepTally {
  gate: tf.Scalar;
  lossSum: tf.Scalar;
  finiteSteps: tf.Scalar;
  badSteps: tf.Scalar;
  consecutiveBad: tf.Scalar;
}

/** One step's gate and the trainer's running counts after it (webgpu only). */
export function stepTallyOnWebgpu(loss: tf.Scalar, gradient: tf.Tensor1D, tally: Record<Exclude<keyof StepTally, 'gate'>, tf.Tensor>): StepTally {
  const inputs = [loss, gradient, tally.lossSum, tally.finiteSteps, tally.badSteps, tally.consecutiveBad];
  const named = Object.fromEntries(inputs.map((x, i) => [String(i), x])) as unknown as tf.NamedTensorMap;
  const [gate, lossSum, finiteSteps, badSteps, consecutiveBad] = tf.engine().runKernel(STEP_TALLY_WEBGPU, named, {}) as tf.Scalar[];
  return { gate, lossSum, finiteSteps, badSteps, consecutiveBad };
}
