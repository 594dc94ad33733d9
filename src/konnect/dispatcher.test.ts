import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('loading undici (the first Konnect call) does not load Node\'s internal undici, and leaves globalThis.Headers working', () => {
  const dispatcher = fileURLToPath(new URL('./dispatcher.ts', import.meta.url));
  const script = `
    const { sharedDispatcher } = await import(${JSON.stringify(dispatcher)});
    const internal = () => process.moduleLoadList.some((m) => m.includes('internal/deps/undici'));
    const before = internal();
    sharedDispatcher();
    const afterLoad = internal();
    const headers = new Headers({ a: 'b' }).get('a');
    console.log(JSON.stringify({ before, afterLoad, headers, afterUse: internal() }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  assert.deepEqual(JSON.parse(out.trim().split('\n').at(-1)!), { before: false, afterLoad: false, headers: 'b', afterUse: true });
});
