import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let bundle: string | undefined;

/**
 * src/cli.ts and everything it imports from src/, bundled into one file under
 * node_modules/.cache, once per test process. `tsx src/cli.ts` (what `npm run cli` runs)
 * transpiles each source file with esbuild at every start, about 1.5 s of CPU per run, and these
 * tests start the CLI some forty times. Bundling applies the same esbuild transform to the same
 * source (tsconfig included); packages stay external and load from node_modules exactly as under
 * tsx. The file is named by its content, so test processes running at once share it (each writes
 * the same bytes and renames them into place) and only a changed source adds a file.
 */
function cliBundle(): string {
  if (bundle) return bundle;
  const { outputFiles } = buildSync({
    entryPoints: [join(ROOT, 'src', 'cli.ts')],
    outfile: 'cli.mjs',
    write: false,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  const code = outputFiles[0].contents;
  const dir = join(ROOT, 'node_modules', '.cache', 'cli-under-test');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `cli-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(out)) {
    const partial = `${out}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, out);
  }
  return (bundle = out);
}

/** Run the CLI as `npm run --silent cli -- <args>` would, minus npm's and tsx's start-up. */
export function runCli(args: string[], timeoutMs = 120_000): CliResult {
  const r = spawnSync(process.execPath, [cliBundle(), ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A user mistake must never print a stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+:\d+:\d+/.test(text);
}
