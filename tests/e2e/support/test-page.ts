import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build } from 'vite';
import { serveStatic } from './static-server';

/**
 * A test- or bench-only page (an index.html under tests/ whose script imports
 * src/ directly) built with Vite like the app, into a temporary folder, and
 * served on localhost: code under test runs in a real browser without a hook
 * in the app or anything in the production bundle.
 */
export interface TestPage {
  url: string;
  close(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../../..');

export async function buildTestPage(html: string): Promise<TestPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'test-page-'));
  try {
    await build({
      configFile: false,
      root: ROOT,
      base: './',
      publicDir: false,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000, rollupOptions: { input: resolve(html) } },
    });
    // The static server insists on a root index.html (it serves built apps); the page is deeper.
    await writeFile(join(outDir, 'index.html'), '<!doctype html><title>test pages</title>\n');
  } catch (err) {
    await rm(outDir, { recursive: true, force: true });
    throw err;
  }
  const server = await serveStatic(outDir);
  return {
    url: new URL(relative(ROOT, resolve(html)).split('\\').join('/'), server.url).href,
    close: async () => {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
