import { FAMILIES, FAMILY_INFO } from '../../state/families';
import type { Figure } from '../../state/types';
import { isPanelHighlighted } from '../../state/walkthrough';
import { KIND_MEANING } from '../../viz/kind-style';
import { useApp } from '../app-context';
import { Term } from '../glossary/Term';
import { figureProgress, SMALL_TEST_SET } from './figure-progress';

const ROWS = FAMILIES.map((family) => ({ family, name: FAMILY_INFO[family].label }));

/** Plain "2.4153": the numbers are read by people at a distance and by tests. */
const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(4));
/** A kernel estimate is not good to four decimals; showing it with fewer says so at a glance. */
const fmtKind = (v: number | undefined, kind: Figure['kind'] | undefined) => (kind === 'estimate' && v !== undefined && Number.isFinite(v) ? v.toFixed(2) : fmt(v));
/** A worker's message as a sentence of the note (some end in a full stop already). */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
/** The Kind column's words; the symbol is the one the chart's labels and the value cells carry. */
const KIND_TEXT: Record<Figure['kind'], string> = { exact: 'exact', bound: '≤ bound', estimate: '≈ estimate' };

/**
 * One row per model: its headline held-out figure (the first the worker
 * sends: exact NLL, IWAE bound, or kernel estimate), what kind it is, and the
 * step it describes (the costlier figures are refreshed less often).
 * Bounds and estimates carry a symbol (≤, ≈, drawn by CSS so the cell stays
 * a plain number), a tooltip saying what the kind means, and estimates fewer
 * digits. Beside the noisy latest gap above the floor: its smoothed value
 * and the best so far; a small held-out set is flagged.
 */
export function MetricsTable() {
  const run = useApp((s) => s.run);
  const evaluations = useApp((s) => s.evaluations);
  const losses = useApp((s) => s.trainLosses);
  const floor = run?.floor ?? undefined;
  const energy = run?.config.target === 'energy';
  const highlighted = useApp((s) => isPanelHighlighted(s, 'Metrics'));
  const curves = useApp((s) => s.curves);
  const step = useApp((s) => s.step);
  // Each model trains in its own worker and can fail alone.
  const modelErrors = useApp((s) => s.modelErrors);
  // The table lists what trains (the checkboxes say what else can): four rows of idle models
  // would push the panels' squares below their sizes at 1280×800 and in projector mode.
  const rows = ROWS.filter((r) => r.family === 'flow' || run?.families.includes(r.family));
  /** Gaps above the floor when there is one, else the figures themselves. */
  const rel = (v: number | undefined) => (v === undefined ? undefined : floor !== undefined ? v - floor : v);
  const progressUnit = floor !== undefined ? `above the ${run?.floorLabel}` : 'nats';
  const smallSets = ROWS.flatMap((r) => {
    const head = run?.families.includes(r.family) ? evaluations[r.family]?.figures[0] : undefined;
    return head && head.count < SMALL_TEST_SET ? [{ name: r.name, count: head.count, se: head.se }] : [];
  });
  return (
    <section className={`metrics ${highlighted ? 'highlighted' : ''}`} data-highlighted={highlighted}>
      <table aria-label="Metrics">
        <caption>
          Metrics{' '}
          <span className="muted">
            {energy ? 'nats, Monte-Carlo over fixed base draws' : 'nats per held-out test point'}
            {floor !== undefined && `; ${run?.floorLabel} ${fmt(floor)}`}
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">{energy ? 'Test loss' : <Term id="test-nll">Test NLL</Term>}</th>
            <th scope="col">Kind</th>
            <th scope="col">
              <Term id="se">s.e.</Term>
            </th>
            <th scope="col">
              <Term id="above-floor">Above floor</Term>
            </th>
            <th scope="col" title={`The test figure ${progressUnit}, smoothed over about 3% of the steps (the chart's EMA): judge progress by this, not by one reading`}>
              Smoothed
            </th>
            <th scope="col" title={`The lowest test figure so far, ${progressUnit} (hover a cell for its step); the lowest of noisy readings flatters a little`}>
              Best
            </th>
            <th scope="col">
              <Term id="train">Train</Term>
            </th>
            <th scope="col">At step</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const active = run?.families.includes(row.family) ?? false;
            const figures = active ? evaluations[row.family]?.figures : undefined;
            const head: Figure | undefined = figures?.[0];
            // The first of its train objectives this run reports (the flow's reverse KL when fitting an energy).
            const train = FAMILY_INFO[row.family].train.map((c) => losses[row.family]?.[c.objective]).find((v) => v !== undefined);
            // A baseline is at its own step count, not the flow's: its smoothing spans its own curve's steps.
            const progress = head ? figureProgress(curves, row.family, head.id, row.family === 'flow' ? step : 0) : null;
            return (
              <tr key={row.family}>
                <th scope="row">{row.name}</th>
                <td className={`num kind-${head?.kind ?? 'none'}`} title={head ? KIND_MEANING[head.kind] : undefined}>
                  {fmtKind(head?.value, head?.kind)}
                </td>
                <td title={head ? KIND_MEANING[head.kind] : undefined}>{head ? KIND_TEXT[head.kind] : '…'}</td>
                <td className="num">{fmt(head?.se)}</td>
                <td className={`num kind-${head?.kind ?? 'none'}`}>{head && floor !== undefined ? fmtKind(head.value - floor, head.kind) : '—'}</td>
                <td className={`num kind-${head?.kind ?? 'none'}`}>{progress ? fmtKind(rel(progress.smoothed), head?.kind) : '—'}</td>
                <td className={`num kind-${head?.kind ?? 'none'}`} title={progress ? `at step ${progress.bestStep.toLocaleString('en')}` : undefined}>
                  {progress ? fmtKind(rel(progress.best), head?.kind) : '—'}
                </td>
                <td className="num">{fmt(train)}</td>
                <td className="num">{active ? (evaluations[row.family]?.step ?? '—') : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {smallSets.map((s) => (
        <p key={s.name} className="small-test-note" role="note" aria-label={`Small test set: ${s.name}`}>
          {s.name}: only {s.count.toLocaleString('en')} held-out points, so each test reading is noisy (s.e. {fmt(s.se)}); judge progress by Smoothed, not by single
          readings.
        </p>
      ))}
      {ROWS.filter((r) => modelErrors[r.family] && run?.families.includes(r.family)).map((r) => (
        <p key={r.family} className="model-error" role="alert" aria-label={`${r.name} error`}>
          {r.name} stopped: {sentence(modelErrors[r.family]!)} The other models train on.
        </p>
      ))}
      <p className="figure-notes">
        {ROWS.filter((r) => evaluations[r.family] && run?.families.includes(r.family)).map((r) => (
          <span key={r.family}>
            {r.name}: {evaluations[r.family]!.figures.map((f) => `${f.label} ${fmt(f.value)} (${f.kind}, n = ${f.count.toLocaleString('en')})`).join('; ')}
          </span>
        ))}
      </p>
    </section>
  );
}
