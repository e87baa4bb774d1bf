import { chooseBackend, type BackendName } from '../core/backend';
import { deserializeFlow } from '../core/flows/model-file';
import { readText } from './data-arg';

export async function loadModel(path: string, backend: BackendName) {
  await chooseBackend([backend]);
  return deserializeFlow(await readText(path));
}
