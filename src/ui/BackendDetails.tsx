import { FAMILY_INFO } from '../state/families';
import type { Family } from '../state/types';
import { useApp } from './app-context';

const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/**
 * The engine's health on request: which backend runs, what Auto measured on
 * each candidate and why the others were passed over, and what each model's
 * worker holds ("Tensors alive" is the flow's worker, "Tensors alive: VAE" the
 * VAE's, …). They stay flat while training unless something leaks, which is
 * worth seeing for a student writing their own model as much as for us.
 */
export function BackendDetails() {
  const backend = useApp((s) => s.backend);
  const diagnostics = useApp((s) => s.diagnostics);
  const run = useApp((s) => s.run);
  const baselines = run?.families.filter((f) => f !== 'flow') ?? [];
  return (
    <details className="hint">
      <summary>Backend details</summary>
      <div>backend: {backend.name ?? 'starting…'}</div>
      {backend.measured.map((m) => (
        <div key={`measured-${m.name}`}>
          Auto timed {m.name}: <output aria-label={`Measured ${m.name} speed`}>{m.stepsPerSecond.toFixed(1)}</output> steps/s
        </div>
      ))}
      {backend.skipped.map((b) => (
        <div key={b.name}>
          not {b.name}: {b.reason}
        </div>
      ))}
      <WorkerTensors label="tensors alive" name="Tensors alive" figures={diagnostics.flow} />
      {baselines.map((family: Family) => (
        <WorkerTensors key={family} label={`${FAMILY_INFO[family].label} worker, tensors alive`} name={`Tensors alive: ${FAMILY_INFO[family].label}`} figures={diagnostics[family]} />
      ))}
    </details>
  );
}

function WorkerTensors({ label, name, figures }: { label: string; name: string; figures: { tensors: number; tensorBytes: number } | undefined }) {
  return (
    <div>
      {label}: <output aria-label={name}>{figures ? figures.tensors : '–'}</output>
      {figures && ` (${megabytes(figures.tensorBytes)} MB)`}
    </div>
  );
}
