import * as tf from '@tensorflow/tfjs-core';
import type { ElementwiseTransform } from '../coupling';

/** NICE's map, θ = (t): y = x + t. Shift only, so volume-preserving (log-derivative 0). */
export const additiveTransform: ElementwiseTransform = {
  couplingKind: 'additive-coupling',
  paramsPerCoordinate: 1,
  forward: (x, [shift]) => ({ y: tf.add(x, shift) as tf.Tensor2D, logAbsDet: tf.zerosLike(x) }),
  inverse: (y, [shift]) => ({ x: tf.sub(y, shift) as tf.Tensor2D, logAbsDet: tf.zerosLike(y) }),
};
