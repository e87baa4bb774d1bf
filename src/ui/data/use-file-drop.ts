import { useState, type DragEvent } from 'react';

/**
 * Handlers that make an element a drop target for files, and whether
 * something is being dragged over it (to highlight it). Every drop is
 * accepted, text or a link included, so that a wrong drop gets an
 * explanation instead of the browser navigating away to the file.
 */
export function useFileDrop(enabled: boolean, onFiles: (files: File[]) => void) {
  const [dragging, setDragging] = useState(false);
  if (!enabled) return { dragging: false, handlers: {} };
  return {
    dragging,
    handlers: {
      onDragOver(e: DragEvent<HTMLElement>) {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      },
      onDragLeave(e: DragEvent<HTMLElement>) {
        // Moving between the panel's own children fires leave too; only leaving the panel counts.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      },
      onDrop(e: DragEvent<HTMLElement>) {
        e.preventDefault();
        setDragging(false);
        onFiles(Array.from(e.dataTransfer.files));
      },
    },
  };
}
