// Several accepted tokens (a rotation in progress): each is accepted, anything else is refused,
// and the request log says which token a request carried without ever echoing it.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createMockTgi, type MockTgi, type RecordedRequest } from './index.js';

const OLD = 'hf_rotation_old_token';
const NEW = 'hf_rotation_new_token';
let tgi: MockTgi;
let url: string;

before(async () => {
  tgi = createMockTgi({ tokens: [OLD, NEW] });
  url = await tgi.listen();
});
after(() => tgi.close());

const generate = (token: string) =>
  fetch(`${url}/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: 'a b', parameters: { max_new_tokens: 2 } }),
  });

it('accepts every configured token, refuses others, and records which one was used', async () => {
  assert.equal((await generate(OLD)).status, 200);
  assert.equal((await generate(NEW)).status, 200);
  assert.equal((await generate('hf_someone_else')).status, 401);
  const log = (await (await fetch(`${url}/__requests`)).json()) as RecordedRequest[];
  assert.deepEqual(log.map((r) => [r.authorization, r.tokenIndex]), [['valid', 0], ['valid', 1], ['invalid', null]]);
  const text = JSON.stringify(log);
  assert.ok(!text.includes(OLD) && !text.includes(NEW), 'the request log never holds a token');
});
