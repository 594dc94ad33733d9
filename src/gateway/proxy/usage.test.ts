import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countedUsage, countWords } from './usage.js';

describe('usage estimates', () => {
  it('countWords counts as split(/\\s+/).filter(Boolean) does, for every kind of white space', () => {
    const spaces = [' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
    const notSpaces = ['a', 'é', '中', '\u200b', '\u0085', '\u180e', '🙂', '-', '\u0000'];
    const alphabet = [...spaces, ...notSpaces];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 2000; k++) {
      const len = Math.floor(next() * 12);
      const text = Array.from({ length: len }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      assert.equal(countWords(text), text.split(/\s+/).filter(Boolean).length, JSON.stringify(text));
    }
    assert.equal(countWords(''), 0);
    assert.equal(countWords('  one two\u00a0three\n'), 3);
  });

  it("Kong's estimates where the upstream reported nothing: prompt words (×1.8 streaming), completion = ceil(text length / 4)", () => {
    const body = { messages: [{ role: 'user', content: 'one two three' }, { role: 'assistant', content: 'four five' }], prompt: 'six', inputs: 'seven eight' };
    assert.deepEqual(countedUsage({ usage: {}, body, stream: false, responseText: ' 12345678 ' }), {
      prompt_tokens: 8,
      completion_tokens: 2,
      estimated: { prompt: true, completion: true },
    });
    assert.equal(countedUsage({ usage: {}, body, stream: true, responseText: '' }).prompt_tokens, 14);
    assert.deepEqual(countedUsage({ usage: { prompt_tokens: 3, completion_tokens: 5 }, body, stream: true, responseText: 'x' }), {
      prompt_tokens: 3,
      completion_tokens: 5,
      estimated: { prompt: false, completion: false },
    });
  });
});
