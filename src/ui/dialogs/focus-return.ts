/**
 * Give focus back to where it was before an overlay took it, but only if
 * nothing else has claimed it meanwhile (focus sits on the page body or
 * still inside the overlay that is going away). That check matters when one
 * dialog replaces another: the new one has already taken focus.
 */
export function returnFocus(opener: Element | null, overlay: Element | null): void {
  if (!(opener instanceof HTMLElement) || !opener.isConnected) return;
  const active = document.activeElement;
  const lost = active === null || active === document.body || (overlay !== null && overlay.contains(active));
  if (lost) opener.focus();
}
