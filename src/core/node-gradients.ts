/**
 * Register TensorFlow.js's gradients in Node. The core imports tfjs-core
 * only; in the browser the worker registers the gradients from tfjs-core's
 * ES modules, but Node loads tfjs-core's CommonJS build, which has none, and
 * the ES module file cannot be loaded by Node. The @tensorflow/tfjs bundle's
 * CommonJS build registers them (with the cpu and webgl backends) into the
 * same global registry. Import this first in every Node entry point.
 */
import '@tensorflow/tfjs';
