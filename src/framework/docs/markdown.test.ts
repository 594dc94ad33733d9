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

test('a default stated in the description (even twice) appears once, from the schema default when there is one', async () => {
  const { attr } = await import('../index.js');
  const schema = compileSchema({
    version: 0,
    attributes: {
      id: attr.string({ computed: true }),
      enabled: attr.bool({ optional: true, computed: true, default: true, description: 'Whether it is active. Default: `true`. Default: true' }),
      mode: attr.string({ optional: true, description: 'How. possible known values include one of ["a", "b"]; Default: "a"' }),
      size: attr.number({ optional: true, computed: true, default: 5, description: 'Size.\nDefault: 1' }),
      note: attr.string({ optional: true, description: 'No default here.' }),
    },
  });
  const page = renderPage({ name: 'fake_defaults', kind: 'resource', schema, exampleHcl: '', importSh: '' });
  assert.match(page, /- `enabled` \(Bool\) Whether it is active\. Default: `true`\.\n/);
  assert.match(page, /- `mode` \(String\) How\. possible known values include one of \["a", "b"\]\. Default: `"a"`\.\n/);
  assert.match(page, /- `size` \(Number\) Size\. Default: `5`\.\n/, 'the schema default wins over a stale text');
  assert.match(page, /- `note` \(String\) No default here\.\n/);
  assert.equal(page.match(/Default:/g)?.length, 3);
});

test('import docs: what -generate-config-out does with sensitive values and how to fill them, listing them', () => {
  const page = renderPage({ name: 'fake_thing', kind: 'resource', schema: compileSchema(thingSchema), exampleHcl: '', importSh: 'terraform import fake_thing.x t1' });
  const section = page.slice(page.indexOf('### Generated configuration and sensitive values'));
  assert.ok(page.includes('### Generated configuration and sensitive values'));
  assert.match(section, /-generate-config-out=generated\.tf` writes every sensitive attribute as `null # sensitive`/);
  assert.match(section, /from a sensitive variable/);
  assert.match(section, /Sensitive attributes of this resource: .*`auth\.header_value`/);
  assert.match(section, /`token_wo`/);
  const none = renderPage({
    name: 'fake_plain',
    kind: 'resource',
    schema: compileSchema({ version: 0, attributes: {} }),
    exampleHcl: '',
    importSh: 'terraform import fake_plain.x t1',
  });
  assert.ok(!none.includes('sensitive values'), 'no section without sensitive attributes');
});
