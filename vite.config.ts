import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The built page's Content-Security-Policy: everything from the page's own
 * origin, nothing inline but style attributes, no network beyond it.
 *  - script-src 'wasm-unsafe-eval': compiling tfjs's bundled .wasm, nothing more (no eval).
 *  - style-src-attr 'unsafe-inline': KaTeX lays formulas out with style attributes;
 *    style elements and sheets stay 'self' only.
 *  - img-src/font-src data:: the inline favicon, and any small KaTeX font Vite inlines.
 *  - worker-src 'self': the training worker is a file of this build, never a blob.
 * frame-ancestors cannot be set from a <meta> (browsers ignore it there, with a console error).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * Only the build gets the policy: the dev server's React refresh preamble is an
 * inline script, which the policy (rightly) refuses. First in <head>, so it
 * governs everything after it.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  // Relative asset URLs: the built app works from any folder or file server.
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  server: { port: 5173, strictPort: false },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    setupFiles: ['tests/setup.ts'],
    environment: 'node',
    // Every core: vitest's default leaves one free (a single worker on a two-core CI
    // machine), but the unit files are independent and each is one-threaded (wasm/cpu).
    maxWorkers: '100%',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
