import { chooseBackend } from '../core/backend';
import { serializeFlow } from '../core/flows/model-file';
import { isToyName } from '../core/data/toy';
import { parameterCount } from '../core/flows/recipe-spec';
import { buildFlow, FLOW_TYPES, MAX_HIDDEN, MAX_LAYERS, recipeFor, type FlowType } from '../core/flows/recipes';
import { FLOW_ALIASES, FLOW_REGISTRY, flowTypeNamed, PRESET_NAMES, presetOf, presetSize } from '../core/flows/registry';
import { evaluateFigures } from '../core/metrics/evaluate';
import { runTraining } from '../core/train/run';
import { constantSchedule, cosineSchedule, DEFAULT_CLIP_FACTOR, DEFAULT_WARMUP_STEPS, LIVE_DECAY_FROM, LIVE_LR_FLOOR, liveSchedule } from '../core/train/stability';
import { Trainer } from '../core/train/trainer';
import { parseOptions, UsageError, type OptionSpec } from './args';
import { loadDataset } from './data-arg';
import { CliError } from './errors';
import { formatTable, progress } from './output';
import { checkSavePath, saveModelText } from './save-model';

export const TRAIN_OPTIONS: readonly OptionSpec[] = [
  { name: 'model', kind: 'string', choices: [...FLOW_TYPES, ...Object.keys(FLOW_ALIASES)], default: 'realnvp', help: `flow type: ${FLOW_TYPES.map((t) => `${t} (${FLOW_REGISTRY[t].label})`).join(', ')}; nsf = spline` },
  { name: 'preset', kind: 'string', choices: PRESET_NAMES, help: "a named size from the flow registry for layers, hidden and batch ('live' is the page's); flags override it" },
  { name: 'layers', kind: 'int', min: 1, max: MAX_LAYERS, help: 'number of layers (default: the flow type\'s or the preset\'s, see the README\'s flow table)' },
  { name: 'hidden', kind: 'int', min: 1, max: MAX_HIDDEN, help: 'hidden units per conditioner-network layer (default: the flow type\'s or the preset\'s)' },
  { name: 'dataset', kind: 'string', default: 'moons', help: 'toy density name or path to a CSV of points' },
  { name: 'steps', kind: 'int', min: 1, max: 10_000_000, default: 5000, help: 'training steps' },
  { name: 'batch', kind: 'int', min: 1, max: 65_536, help: 'batch size (default: the flow type\'s or the preset\'s)' },
  { name: 'lr', kind: 'number', min: 1e-7, max: 1, default: 5e-3, help: 'peak learning rate (Adam), cosine-decayed to 5 % by default' },
  { name: 'schedule', kind: 'string', choices: ['cosine', 'live', 'constant'], default: 'cosine', help: `learning-rate schedule: cosine over the run's steps; live (the page's: 1/√t decay after step ${LIVE_DECAY_FROM}, floor ${LIVE_LR_FLOOR * 100} %); constant` },
  { name: 'warmup', kind: 'int', min: 0, max: 10_000_000, default: DEFAULT_WARMUP_STEPS, help: 'steps of linear learning-rate warm-up (0: none)' },
  { name: 'clip', kind: 'number', min: 0, default: DEFAULT_CLIP_FACTOR, help: 'clip the gradient norm at this multiple of its running average (0: no clip)' },
  { name: 'seed', kind: 'int', min: 0, max: 2 ** 31 - 1, default: 0, help: 'seed for weights, batches and test data' },
  { name: 'backend', kind: 'string', choices: ['wasm', 'cpu'], default: 'wasm', help: 'tfjs backend' },
  { name: 'eval-every', kind: 'int', min: 1, help: 'steps between test evaluations (default: steps/10)' },
  { name: 'save', kind: 'string', help: 'write the trained model to this file' },
  { name: 'json', kind: 'flag', help: 'print one JSON object instead of a table' },
];

/** The curve is scored on this many test points; the final figure on all of them. */
const CURVE_POINTS = 10_000;

export async function trainCommand(argv: readonly string[]): Promise<void> {
  const o = parseOptions(argv, TRAIN_OPTIONS);
  // Before any training: a run must never end in a save that cannot happen.
  if (o.save) await checkSavePath(o.save as string);
  const steps = o.steps as number;
  const seed = o.seed as number;
  const backend = (await chooseBackend([o.backend as 'wasm' | 'cpu'])).name;
  const source = await loadDataset(o.dataset as string, seed);
  // Toy data is reported by its name (what --dataset takes), user data by file name.
  const datasetName = isToyName(o.dataset as string) ? (o.dataset as string) : source.label;
  // The choices above are the types and their aliases, so this always names one.
  const type = flowTypeNamed(o.model as string) as FlowType;
  let size: ReturnType<typeof presetSize>;
  try {
    size = presetSize(type, (o.preset as string | undefined) ?? null);
  } catch (err) {
    throw new UsageError(`--preset: ${(err as Error).message}`);
  }
  const recipe = recipeFor(type, {
    layers: (o.layers as number | undefined) ?? size.layers,
    depth: size.depth,
    hidden: FLOW_REGISTRY[type].conditioner ? ((o.hidden as number | undefined) ?? size.hidden) : size.hidden,
  });
  const batch = (o.batch as number | undefined) ?? size.batch;
  const flow = buildFlow(recipe, seed);
  const lr = o.lr as number;
  const trainer = new Trainer(flow, source, {
    lr,
    batch,
    seed,
    schedule: o.schedule === 'cosine' ? cosineSchedule(steps) : o.schedule === 'live' ? liveSchedule() : constantSchedule,
    warmupSteps: o.warmup as number,
    clipFactor: (o.clip as number) > 0 ? (o.clip as number) : Number.POSITIVE_INFINITY,
  });
  // The page's evaluator and figure: the same test NLL for the same model and points.
  const scorer = await flow.scorer();
  const testFigure = async (points: Float32Array) => (await evaluateFigures(scorer, points))[0];
  const curveSet = source.test.subarray(0, 2 * CURVE_POINTS);
  const show = !o.json;
  let result: Awaited<ReturnType<typeof runTraining>>;
  let test: Awaited<ReturnType<typeof testFigure>>;
  try {
    result = await runTraining(trainer, {
      steps,
      evalEvery: (o['eval-every'] as number | undefined) ?? Math.max(1, Math.round(steps / 10)),
      objective: 'nll',
      evaluate: async () => ({ testNll: (await testFigure(curveSet)).value }),
      onEval: (p, rollback) => {
        if (show) progress(`step ${p.step}/${steps}  train NLL ${p.trainLoss.toFixed(4)}  test NLL ${p.testNll.toFixed(4)}`);
        if (rollback) process.stderr.write(`\nwarning: ${rollback}\n`);
      },
    });
    test = await testFigure(source.test);
    // Saved even when the run failed: the user asked for it, and it is what the run produced.
    if (o.save) await saveModelText(o.save as string, await serializeFlow(flow, { dataset: datasetName, steps, batch, lr, seed, backend }));
  } finally {
    trainer.dispose();
    flow.dispose();
  }
  const failure = trainingFailure(result.skippedSteps, steps, test.value, type);
  if (failure) {
    if (show) progress('');
    throw new CliError(o.save ? `${failure} (the model was saved to ${o.save} as asked)` : failure);
  }
  const report = {
    model: type,
    preset: presetOf(type, { ...recipe, batch }),
    layers: recipe.layers,
    hidden: recipe.hidden,
    parameters: parameterCount(recipe),
    dataset: datasetName,
    steps,
    batch,
    lr,
    schedule: o.schedule,
    warmup: o.warmup,
    clip: o.clip,
    seed,
    backend,
    testPoints: test.count,
    testNll: test.value,
    testNllSe: test.se,
    entropyFloor: source.entropy,
    gapToFloor: source.entropy === null ? null : test.value - source.entropy,
    stepsPerSec: result.stepsPerSec,
    rollbacks: result.rollbacks,
    curveTestPoints: curveSet.length / 2,
    // The JSON keeps its field names: trainNll is the flow's training loss.
    curve: result.curve.map((p) => ({ step: p.step, trainNll: p.trainLoss, testNll: p.testNll })),
  };
  if (o.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  progress('');
  process.stdout.write(
    formatTable(
      ['step', 'train NLL', `test NLL (${report.curveTestPoints} pts)`],
      result.curve.map((p) => [String(p.step), p.trainLoss.toFixed(4), p.testNll.toFixed(4)]),
    ),
  );
  const floor = source.entropy === null ? 'n/a (user data)' : `${source.entropy.toFixed(4)}  gap ${report.gapToFloor!.toFixed(4)}`;
  process.stdout.write(
    `\n${type} (${recipe.layers} layers) on ${source.label}, ${steps} steps, seed ${seed}, ${backend}\n` +
      `test NLL (${test.kind}, ${test.count} points): ${test.value.toFixed(4)} ± ${test.se.toFixed(4)} nats\n` +
      `entropy floor: ${floor}\nspeed: ${result.stepsPerSec.toFixed(1)} steps/s\n` +
      (o.save ? `saved to ${o.save}\n` : ''),
  );
}

/**
 * Why a finished run must not be reported as a result: it never took a
 * finite step (so the flow is its initialisation), or its test NLL is not a
 * number. JSON would print null there and a script would carry on.
 */
export function trainingFailure(skippedSteps: number, steps: number, testNll: number, type: FlowType): string | null {
  if (skippedSteps >= steps) {
    return `training failed: all ${steps} steps had a non-finite loss or gradient, so the ${type} flow never changed; try a smaller --lr, data rescaled towards unit size, or --model glow or nice (their actnorm adapts to the data's scale)`;
  }
  if (!Number.isFinite(testNll)) {
    return `training failed: the trained flow's test NLL is ${testNll} (some test points get log p = −∞ or NaN); try a smaller --lr or data rescaled towards unit size`;
  }
  return null;
}
