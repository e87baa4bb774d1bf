/**
 * Turning per-seed cells of the quality benchmark into the figures it reports:
 * the median gap to the entropy floor over seeds and its spread (min and max),
 * per recipe and dataset. A single seed is an anecdote; the median of three is
 * the figure, the spread says how much to trust it.
 */

/** One finished run: a recipe trained on one dataset with one seed. */
export interface QualityCell {
  model: string;
  dataset: string;
  seed: number;
  steps: number;
  testNll: number;
  testNllSe: number;
  entropyFloor: number;
  gapToFloor: number;
  stepsPerSec: number;
  rollbacks: string[];
}

export interface QualitySummary {
  model: string;
  dataset: string;
  seeds: number[];
  medianGap: number;
  minGap: number;
  maxGap: number;
  /** The issue's margin for this dataset (RealNVP and Glow), null where it sets none. */
  target: number | null;
  medianStepsPerSec: number;
}

/** The issue's targets: how close to the floor the default RealNVP and Glow should get. */
export const MARGINS: Record<string, number> = { moons: 0.02, '8gaussians': 0.05, pinwheel: 0.05, checkerboard: 0.1, '2spirals': 0.15, rings: 0.3 };

/** The middle value (mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function cellKey(model: string, dataset: string, seed: number): string {
  return `${model}/${dataset}/seed${seed}`;
}

/** One summary per (model, dataset) with any finished seed, in the order the pairs first appear. */
export function summarise(cells: readonly QualityCell[]): QualitySummary[] {
  const groups = new Map<string, QualityCell[]>();
  for (const c of cells) {
    const key = `${c.model}/${c.dataset}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((g) => {
    const gaps = g.map((c) => c.gapToFloor);
    return {
      model: g[0].model,
      dataset: g[0].dataset,
      seeds: g.map((c) => c.seed).sort((a, b) => a - b),
      medianGap: median(gaps),
      minGap: Math.min(...gaps),
      maxGap: Math.max(...gaps),
      target: MARGINS[g[0].dataset] ?? null,
      medianStepsPerSec: median(g.map((c) => c.stepsPerSec)),
    };
  });
}

/** The table: one row per recipe, one column per dataset, "median [min–max]" in each cell. */
export function formatSummaryTable(summaries: readonly QualitySummary[]): string {
  const models = [...new Set(summaries.map((s) => s.model))];
  const datasets = [...new Set(summaries.map((s) => s.dataset))];
  const at = (m: string, d: string) => summaries.find((s) => s.model === m && s.dataset === d);
  const cell = (s: QualitySummary | undefined) =>
    s ? `${s.medianGap.toFixed(3)} [${s.minGap.toFixed(3)}–${s.maxGap.toFixed(3)}]${s.seeds.length < 3 ? ` n=${s.seeds.length}` : ''}` : '—';
  const rows = [['gap to floor, nats', ...datasets], ...models.map((m) => [m, ...datasets.map((d) => cell(at(m, d)))])];
  rows.push(['target (realnvp, glow)', ...datasets.map((d) => (MARGINS[d] !== undefined ? `≤ ${MARGINS[d]}` : '—'))]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return `${rows.map((r) => r.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd()).join("\n")}\n`;
}
