import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../state/store';
import type { EngineLink } from './engine-link';

const StoreContext = createContext<AppStore | null>(null);
const EngineContext = createContext<EngineLink | null>(null);

/** The page's one store and engine link, made in main.tsx rather than at module scope. */
export function AppProviders({ store, engine, children }: { store: AppStore; engine: EngineLink; children: ReactNode }) {
  return (
    <StoreContext.Provider value={store}>
      <EngineContext.Provider value={engine}>{children}</EngineContext.Provider>
    </StoreContext.Provider>
  );
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside <AppProviders>');
  return store;
}

/** Re-render when the selected slice changes; select primitives or stable references. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

export function useEngine(): EngineLink {
  const engine = useContext(EngineContext);
  if (!engine) throw new Error('useEngine outside <AppProviders>');
  return engine;
}
