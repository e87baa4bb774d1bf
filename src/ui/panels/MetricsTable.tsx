import { FAMILIES, FAMILY_LABEL } from '../../state/families';
import type { Family, Figure } from '../../state/types';
import { REVERSE_KL } from '../../core/data/energy-catalog';
import { isPanelHighlighted } from '../../state/walkthrough';
import { useApp } from '../app-context';

/** The training objective shown as each family's "Train" figure; the GAN's losses are not likelihoods. */
const TRAIN_OBJECTIVE: Record<Family, string | null> = { flow: 'nll', vae: 'neg-elbo', gan: null };
const ROWS = FAMILIES.map((family) => ({ family, name: FAMILY_LABEL[family], trainObjective: TRAIN_OBJECTIVE[family] }));
/** Fitting an energy, the flow trains on its reverse-KL loss instead. */
const ENERGY_TRAIN_OBJECTIVE = REVERSE_KL;

/** Plain "2.4153": the numbers are read by people at a distance and by tests. */
const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(4));

/**
 * One row per model: its headline held-out figure (the first the worker
 * sends: exact NLL, IWAE bound, or kernel estimate), what kind it is, and the
 * step it describes (the costlier figures are refreshed less often).
 */
export function MetricsTable() {
  const run = useApp((s) => s.run);
  const evaluations = useApp((s) => s.evaluations);
  const losses = useApp((s) => s.trainLosses);
  const floor = run?.floor ?? undefined;
  const energy = run?.config.target === 'energy';
  const highlighted = useApp((s) => isPanelHighlighted(s, 'Metrics'));
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
            <th scope="col">{energy ? 'Test loss' : 'Test NLL'}</th>
            <th scope="col">Kind</th>
            <th scope="col">s.e.</th>
            <th scope="col">Above floor</th>
            <th scope="col">Train</th>
            <th scope="col">At step</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => {
            const active = run?.families.includes(row.family) ?? false;
            const figures = active ? evaluations[row.family]?.figures : undefined;
            const head: Figure | undefined = figures?.[0];
            const objective = energy && row.family === 'flow' ? ENERGY_TRAIN_OBJECTIVE : row.trainObjective;
            const train = objective ? losses[row.family]?.[objective] : undefined;
            return (
              <tr key={row.family} className={active ? '' : 'inactive'}>
                <th scope="row">{row.name}</th>
                <td className="num">{fmt(head?.value)}</td>
                <td>{head ? head.kind : active ? '…' : 'not training'}</td>
                <td className="num">{fmt(head?.se)}</td>
                <td className="num">{head && floor !== undefined ? fmt(head.value - floor) : '—'}</td>
                <td className="num">{fmt(train)}</td>
                <td className="num">{active ? (evaluations[row.family]?.step ?? '—') : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
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
