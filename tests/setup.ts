import '../src/core/node-gradients';
import { beforeAll } from 'vitest';
import { chooseBackend, NODE_ORDER } from '../src/core/backend';

// Every unit test runs on the same Node backend the CLI uses (wasm, else cpu).
beforeAll(async () => {
  await chooseBackend(NODE_ORDER);
});
