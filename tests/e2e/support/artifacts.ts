import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where browser tests leave screenshots and downloads for a person to look at (gitignored). */
export const ARTIFACTS = join(process.cwd(), 'tests', 'e2e', 'artifacts');

export async function saveArtifact(name: string, data: Buffer | string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await writeFile(path, data);
  return path;
}
