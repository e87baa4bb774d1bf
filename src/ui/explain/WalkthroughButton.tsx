import { useApp } from '../app-context';

/**
 * Opens the step walkthrough at its first phase, or closes it (pressed while
 * open). Opening pauses training: a step explained phase by phase means
 * nothing while hundreds of others fly past.
 */
export function WalkthroughButton() {
  const open = useApp((s) => s.walkthrough !== null);
  const setWalkthrough = useApp((s) => s.setWalkthrough);
  const setRunning = useApp((s) => s.setRunning);
  const toggle = () => {
    if (open) return setWalkthrough(null);
    setRunning(false);
    setWalkthrough(0);
  };
  return (
    <button type="button" aria-pressed={open} onClick={toggle}>
      Walk through a step
    </button>
  );
}
