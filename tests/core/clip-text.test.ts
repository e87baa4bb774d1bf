import { describe, expect, it } from 'vitest';
import { clipText, echo, MAX_ECHO_CHARS } from '../../src/core/util/clip-text';

describe('clipping echoed input', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(clipText('abc')).toBe('abc');
    const long = clipText('x'.repeat(1000));
    expect(long).toHaveLength(MAX_ECHO_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(clipText('x'.repeat(MAX_ECHO_CHARS))).toBe('x'.repeat(MAX_ECHO_CHARS));
  });

  it('keeps a message on one line', () => {
    expect(clipText('a\nb\r\nc')).toBe('a⏎b⏎c');
    expect(echo('a\nb')).toBe('"a\\nb"');
  });

  it('quotes strings, writes numbers and JSON-like values, and names a missing value', () => {
    expect(echo('bogus')).toBe('"bogus"');
    expect(echo(12)).toBe('12');
    expect(echo(null)).toBe('null');
    expect(echo(undefined)).toBe('nothing');
    expect(echo([1, [2, 3]])).toBe('[1,[2,3]]');
    expect(echo({ a: 'b' })).toBe('{"a":"b"}');
  });

  it('clips huge values without walking all of them', () => {
    const big = Array.from({ length: 200_000 }, (_, i) => i);
    let visited = 0;
    const watched = new Proxy(big, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) visited++;
        return Reflect.get(target, key, receiver);
      },
    });
    const text = echo(watched);
    expect(text).toHaveLength(MAX_ECHO_CHARS);
    expect(text.startsWith('[0,1,2,3')).toBe(true);
    expect(visited).toBeLessThan(100);
    expect(echo('y'.repeat(5_000_000))).toHaveLength(MAX_ECHO_CHARS);
    expect(echo({ k: 'y'.repeat(5_000_000) })).toHaveLength(MAX_ECHO_CHARS);
  });
});
