import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors';
import { checkSavePath, saveModelText } from '../../src/cli/save-model';
import { trainingFailure } from '../../src/cli/train';

describe('saving a trained model', () => {
  it('a write that fails after training lands in the temp folder instead, and says where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-save-'));
    const target = join(dir, 'gone', 'model.json');
    let message = '';
    await saveModelText(target, '{"trained":true}').catch((err) => {
      expect(err).toBeInstanceOf(CliError);
      message = (err as Error).message;
    });
    const match = /^could not write .*model\.json \(ENOENT\); the trained model was saved to (.+) instead$/.exec(message);
    expect(match, message).not.toBeNull();
    expect(readFileSync(match![1], 'utf8')).toBe('{"trained":true}');
    rmSync(match![1]);
    rmSync(dir, { recursive: true });
  });

  it('checkSavePath accepts a new file in an existing folder and an existing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-save-'));
    await expect(checkSavePath(join(dir, 'new.json'))).resolves.toBeUndefined();
    await saveModelText(join(dir, 'old.json'), '{}');
    await expect(checkSavePath(join(dir, 'old.json'))).resolves.toBeUndefined();
    await expect(checkSavePath(join(dir, 'old.json', 'x.json'))).rejects.toThrow(/is not a folder/);
    expect(existsSync(join(dir, 'new.json'))).toBe(false);
    rmSync(dir, { recursive: true });
  });
});

describe('a finished run that is not a result', () => {
  it('no finite step, or a test NLL that is not a number, is a failure; anything else is not', () => {
    expect(trainingFailure(40, 40, 3.1, 'realnvp')).toMatch(/^training failed: all 40 steps had a non-finite loss or gradient/);
    expect(trainingFailure(0, 40, Number.NaN, 'glow')).toBe(
      "training failed: the trained flow's test NLL is NaN (some test points get log p = −∞ or NaN); try a smaller --lr or data rescaled towards unit size",
    );
    expect(trainingFailure(3, 40, Number.POSITIVE_INFINITY, 'glow')).toMatch(/test NLL is Infinity/);
    expect(trainingFailure(39, 40, 1e20, 'realnvp')).toBeNull();
  });
});
