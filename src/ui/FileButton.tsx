import { useId } from 'react';

/**
 * A file picker that looks like the buttons beside it: the real input stays
 * in the page (keyboard focus, the accessible name `label`, and what a browser
 * test fills) but is drawn as its label. The input is cleared after each
 * choice, so choosing the same file again (after fixing it) fires again.
 */
export function FileButton({
  label,
  accept,
  disabled = false,
  title,
  onFiles,
}: {
  label: string;
  accept: string;
  disabled?: boolean;
  title?: string;
  onFiles(files: File[]): void;
}) {
  const id = useId();
  return (
    <span className="file-button">
      <input
        id={id}
        type="file"
        accept={accept}
        disabled={disabled}
        className="visually-hidden"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <label htmlFor={id} className={`button-like ${disabled ? 'disabled' : ''}`} title={title}>
        {label}
      </label>
    </span>
  );
}
