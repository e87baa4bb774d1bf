import { useApp } from '../app-context';

/** Opens the Glossary at the top. */
export function GlossaryButton() {
  const showTerm = useApp((s) => s.showTerm);
  return (
    <button type="button" aria-haspopup="dialog" onClick={() => showTerm(null)}>
      Glossary
    </button>
  );
}
