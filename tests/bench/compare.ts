/**
 * Flow vs VAE vs GAN on the toy sets, and the KDE's own bias.
 *
 *   npx tsx tests/bench/compare.ts [--steps 5000] [--datasets moons,8gaussians,checkerboard] [--families flow,vae,gan] [--seed 1] [--lr gan:5e-4,vae:3e-3]
 *
 * Prints one JSON document to stdout (progress goes to stderr). `kdeBias` is
 * the KDE estimator fed REAL data (10,000 fresh points of the toy set) instead
 * of GAN samples, scored on the same 50,000 test points: how far above the
 * floor a perfect GAN would land, i.e. the best its figure can be.
 */
import '../../src/core/node-gradients';
import { chooseBackend, NODE_ORDER } from '../../src/core/backend';
import { toySource } from '../../src/core/data/source';
import { TOY_DATASETS, isToyName, type ToyName } from '../../src/core/data/toy';
import { fitKde } from '../../src/core/metrics/kde';
import { summarise } from '../../src/core/metrics/evaluate';
import type { ModelFamily } from '../../src/core/models/density-model';
import { compareModels } from '../../src/core/train/compare';
import { createRng } from '../../src/core/util/rng';
import { benchOptions, list, positive } from './bench-options';

const options = benchOptions({ steps: '5000', seed: '1', datasets: 'moons,8gaussians,checkerboard', families: 'flow,vae,gan', lr: '' });
const steps = positive('steps', options.steps);
const seed = Number(options.seed);
const datasets = list(options.datasets);
const families = list(options.families) as ModelFamily[];
// Overrides of each family's compareLr (core/models/families.ts), e.g. --lr gan:5e-4
const lr = Object.fromEntries(list(options.lr).map((kv) => [kv.split(':')[0], positive('lr', kv.split(':')[1])])) as Partial<
  Record<ModelFamily, number>
>;

async function kdeBias(name: ToyName) {
  const source = toySource(name, seed);
  const real = TOY_DATASETS[name].sample(10_000, createRng(seed + 7));
  const kde = await fitKde(real, source.validation);
  const nll = summarise(kde.logProb(source.test));
  return { kdeNll: nll.mean, se: nll.se, aboveFloor: nll.mean - TOY_DATASETS[name].entropy, bandwidth: kde.bandwidth };
}

async function main() {
  const backend = await chooseBackend(NODE_ORDER);
  const results = [];
  for (const name of datasets) {
    if (!isToyName(name)) throw new Error(`unknown dataset ${name}`);
    const started = Date.now();
    const report =
      steps > 0
        ? await compareModels({
            source: () => toySource(name, seed),
            families,
            lr,
            steps,
            seed,
            onProgress: (p) => process.stderr.write(`${name} ${p.family} ${p.step}/${p.steps} test NLL ${p.point.testNll.toFixed(3)}\n`),
          })
        : null;
    results.push({ dataset: name, floor: TOY_DATASETS[name].entropy, kdeBias: await kdeBias(name), report, seconds: (Date.now() - started) / 1000 });
  }
  process.stdout.write(`${JSON.stringify({ backend: backend.name, steps, seed, lr, results }, null, 2)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
