import type { TestProject } from 'vitest/node';
import { serveStatic } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the built app is served, with a trailing slash. */
    baseUrl: string;
  }
}

/** Serve dist/ once for the whole run; fails at once (with the fix) if there is no build. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await serveStatic();
  project.provide('baseUrl', server.url);
  console.log(`[e2e] serving ${server.root} at ${server.url}`);
  return () => server.close();
}
