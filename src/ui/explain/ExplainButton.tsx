import { useApp } from '../app-context';

/** Opens the explanations dialog. */
export function ExplainButton() {
  const setDialog = useApp((s) => s.setDialog);
  return (
    <button type="button" aria-haspopup="dialog" onClick={() => setDialog('explain')}>
      Explain
    </button>
  );
}
