import type { ReactNode } from 'react';

/**
 * A titled figure. `name` is its accessible name (tests and screen readers
 * find panels by it); the visible title may say more.
 */
export function Panel({ name, title, className, children }: { name: string; title: ReactNode; className?: string; children: ReactNode }) {
  return (
    <figure className={`panel ${className ?? ''}`} aria-label={name}>
      <figcaption>{title}</figcaption>
      {children}
    </figure>
  );
}

/** Shown over a canvas until its first frame arrives. */
export function Placeholder({ text }: { text: string | null }) {
  return text ? <div className="placeholder">{text}</div> : null;
}
