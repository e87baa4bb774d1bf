import { useRef, type ReactNode } from 'react';
import { isPanelHighlighted, type PanelName } from '../../state/walkthrough';
import { useApp } from '../app-context';
import { ExportMenu } from '../export/ExportMenu';

/**
 * A titled figure. `name` is its accessible name (tests and screen readers
 * find panels by it); the visible title may say more. The caption carries the
 * panel's export buttons, and the figure is outlined while the step
 * walkthrough's current phase is about it.
 */
export function Panel({ name, title, className, children }: { name: string; title: ReactNode; className?: string; children: ReactNode }) {
  const figureRef = useRef<HTMLElement>(null);
  const highlighted = useApp((s) => isPanelHighlighted(s, name as PanelName));
  return (
    <figure
      ref={figureRef}
      className={`panel ${highlighted ? 'highlighted' : ''} ${className ?? ''}`}
      aria-label={name}
      data-highlighted={highlighted ? 'true' : 'false'}
    >
      <figcaption className="panel-caption">
        <span className="panel-title">{title}</span>
        <ExportMenu name={name} figureRef={figureRef} />
      </figcaption>
      {children}
    </figure>
  );
}

/** Shown over a canvas until its first frame arrives. */
export function Placeholder({ text }: { text: string | null }) {
  return text ? <div className="placeholder">{text}</div> : null;
}
