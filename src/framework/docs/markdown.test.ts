import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thingSchema } from '../fake-provider.test-helper.js';
import { compileSchema, renderPage } from '../index.js';

test('a resource page lists every attribute under Required / Optional / Read-Only, nested schemas, defaults, flags', () => {
  const page = renderPage({ name: 'fake_thing', kind: 'resource', schema: compileSchema(thingSchema), exampleHcl: 'resource "fake_thing" "x" {}', importSh: 'terraform import fake_thing.x t1' });
  assert.match(page, /^---\npage_title: "fake_thing \(Resource\)"/);
  const req = page.indexOf('### Required');
  const opt = page.indexOf('### Optional');
  const ro = page.indexOf('### Read-Only');
  assert.ok(req > 0 && opt > req && ro > opt);
  assert.match(page, /- `name` \(String\) Must satisfy: must be 2 to 20 characters long\./);
  assert.match(page, /- `port` \(Number\) Default: `80`\./);
  assert.match(page, /- `token_wo` \(String, Sensitive, Write-only\)/);
  assert.match(page, /- `auth` \(Attributes\) .*\(see \[below for nested schema\]\(#nestedatt--auth\)\)/);
  assert.match(page, /### Nested Schema for `auth`[\s\S]*- `header_value` \(String, Sensitive\)/);
  assert.match(page, /- `proxy_urls` \(Attributes Set\)/);
  assert.match(page, /## Import[\s\S]*terraform import fake_thing\.x t1/);
  assert.equal(page, renderPage({ name: 'fake_thing', kind: 'resource', schema: compileSchema(thingSchema), exampleHcl: 'resource "fake_thing" "x" {}', importSh: 'terraform import fake_thing.x t1' }), 'deterministic');
});

test('a data source page is titled "(Data Source)" and has no import section', () => {
  const page = renderPage({ name: 'fake_thing', kind: 'data-source', schema: compileSchema(thingSchema), exampleHcl: 'data "fake_thing" "x" {}' });
  assert.match(page, /^---\npage_title: "fake_thing \(Data Source\)"/);
  assert.match(page, /^# fake_thing \(Data Source\)$/m);
  assert.match(page, /```terraform\ndata "fake_thing" "x" \{\}\n```/);
  assert.doesNotMatch(page, /## Import/);
});
