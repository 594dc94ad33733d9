// Generated tracked files (scripts/generated.ts): this checkout's are up to date, and a stale,
// missing or orphaned one is reported — which is what makes `make check` / `make test` fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedFiles, PROVIDER_SCHEMA_JSON, staleGeneratedFiles, writeGeneratedFiles } from './generated.js';

test('every generated file of this checkout is up to date (docs/, examples/cdktf/provider-schema.json)', async () => {
  assert.deepEqual(await staleGeneratedFiles(), [], 'run `make generate` and commit the result');
});

test('the list covers docs/ and the cdktf fallback schema', async () => {
  const paths = [...(await generatedFiles()).keys()];
  assert.ok(paths.includes(PROVIDER_SCHEMA_JSON));
  assert.ok(paths.includes('docs/index.md'));
  assert.ok(paths.includes('docs/resources/gateway_plugin_ai_proxy.md'));
});

test('a stale, a missing and an orphaned generated file are each reported', async () => {
  const root = mkdtempSync(join(tmpdir(), 'generated-'));
  try {
    await writeGeneratedFiles(root);
    assert.deepEqual(await staleGeneratedFiles(root), [], 'freshly written: nothing stale');

    // The defect of issue 12 item 18: one description_kind flipped in the tracked schema.
    const schemaFile = join(root, PROVIDER_SCHEMA_JSON);
    const schema = readFileSync(schemaFile, 'utf8');
    writeFileSync(schemaFile, schema.replace('"description_kind": "plain"', '"description_kind": "markdown"'));
    unlinkSync(join(root, 'docs', 'resources', 'gateway_route.md'));
    writeFileSync(join(root, 'docs', 'resources', 'gateway_gone.md'), '# gone\n');
    assert.deepEqual((await staleGeneratedFiles(root)).sort(), [
      'docs/resources/gateway_gone.md (no such resource)',
      'docs/resources/gateway_route.md (missing)',
      PROVIDER_SCHEMA_JSON,
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

