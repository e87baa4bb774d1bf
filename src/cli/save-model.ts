import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { clipText } from '../core/util/clip-text';
import { CliError } from './errors';

const shown = (path: string) => clipText(path, 120);

/**
 * Fail before training, not after it, when `--save PATH` could not be
 * written: a missing folder, a folder in the way of the file, no permission.
 */
export async function checkSavePath(path: string): Promise<void> {
  const folder = dirname(resolve(path));
  const folderInfo = await stat(folder).catch(() => null);
  if (!folderInfo) throw new CliError(`cannot save to ${shown(path)}: the folder ${shown(folder)} does not exist`);
  if (!folderInfo.isDirectory()) throw new CliError(`cannot save to ${shown(path)}: ${shown(folder)} is not a folder`);
  const fileInfo = await stat(path).catch(() => null);
  if (fileInfo?.isDirectory()) throw new CliError(`cannot save to ${shown(path)}: it is a folder; give a file name such as ${shown(join(path, 'model.json'))}`);
  const writable = await access(fileInfo ? path : folder, constants.W_OK).then(
    () => true,
    () => false,
  );
  if (!writable) throw new CliError(`cannot save to ${shown(path)}: no permission to write there`);
}

/**
 * Write the model; if that still fails (the disk filled up, the folder went
 * away during training), write it to the temp folder instead and say where,
 * so a long run is never lost to the last step.
 */
export async function saveModelText(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (err) {
    const fallback = join(tmpdir(), `flow-model-${process.pid}-${Date.now()}.json`);
    await writeFile(fallback, text);
    const reason = (err as NodeJS.ErrnoException).code ?? 'write failed';
    throw new CliError(`could not write ${shown(path)} (${reason}); the trained model was saved to ${fallback} instead`);
  }
}
