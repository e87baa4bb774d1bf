import { useApp } from './app-context';

const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/**
 * The engine's health on request: which backend runs, what Auto measured on
 * each candidate and why the others were passed over, and what the worker
 * holds. "Tensors alive" stays flat while training unless something leaks,
 * which is worth seeing for a student writing their own model as much as for us.
 */
export function BackendDetails() {
  const backend = useApp((s) => s.backend);
  const diagnostics = useApp((s) => s.diagnostics);
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
      <div>
        tensors alive: <output aria-label="Tensors alive">{diagnostics ? diagnostics.tensors : '–'}</output>
        {diagnostics && ` (${megabytes(diagnostics.tensorBytes)} MB)`}
      </div>
    </details>
  );
}
