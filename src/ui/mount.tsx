import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { AppStore } from '../state/store';
import { App } from './App';
import { AppProviders } from './app-context';
import type { EngineLink } from './engine-link';
import './styles.css';

/** Render the page into #root around an existing store and engine link. */
export function mount(root: HTMLElement, store: AppStore, engine: EngineLink): void {
  createRoot(root).render(
    <StrictMode>
      <AppProviders store={store} engine={engine}>
        <App />
      </AppProviders>
    </StrictMode>,
  );
}
