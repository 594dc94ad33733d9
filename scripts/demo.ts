// `make demo` (interim, until the full end-to-end demo replaces it): the real terraform loads
// our provider the way a user's would — from a filesystem mirror, offline — and we print what
// it sees: the provider block's schema, with the time each step took.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findTerraform, installProvider, REPO_ROOT, runCommand, seedProviderConfig, terraformWorkdir } from '../src/testing/index.js';

interface SchemaAttribute {
  type?: unknown;
  nested_type?: unknown;
  optional?: boolean;
  required?: boolean;
  computed?: boolean;
  sensitive?: boolean;
}
interface ProviderSchemas {
  provider_schemas: Record<string, { provider: { block: { attributes?: Record<string, SchemaAttribute> } }; resource_schemas?: Record<string, unknown> }>;
}

const rel = (p: string) => relative(process.cwd(), p) || '.';
const ms = (n: number) => `${Math.round(n)} ms`.padStart(8);

async function step<T>(label: string, run: () => Promise<T>, note: (t: T) => string = () => ''): Promise<T> {
  const t0 = performance.now();
  try {
    const out = await run();
    console.log(`  ✓ ${label.padEnd(58)} ${ms(performance.now() - t0)}  ${note(out)}`);
    return out;
  } catch (err) {
    console.log(`  ✗ ${label.padEnd(58)} ${ms(performance.now() - t0)}`);
    console.error(`\n${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

const terraform = findTerraform();
if (!terraform) {
  console.error('demo: the terraform CLI is needed (https://developer.hashicorp.com/terraform/install); put it on PATH or set TERRAFORM=/path/to/terraform.');
  process.exit(1);
}
const version = (await runCommand(terraform, ['version'])).stdout.split('\n')[0];
console.log(`demo: the kong/konnect provider written in TypeScript, loaded by the real terraform (${version})\n`);

const buildDir = join(REPO_ROOT, '.build');
const cliConfig = await step('install into a filesystem mirror (make install-provider)', () => installProvider(buildDir), (p) => `TF_CLI_CONFIG_FILE=${rel(p)}`);
const work = terraformWorkdir(cliConfig, { 'main.tf': seedProviderConfig() });
const must = async (args: string[]) => {
  const r = await work.terraform(args);
  if (r.code !== 0) throw new Error(`terraform ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
};
try {
  await step('terraform init (offline, from the mirror)', () => must(['init', '-input=false', '-no-color']), (r) =>
    /Installed (kong\/konnect v\S+)/.exec(r.stdout)?.[1] ?? '');
  await step("terraform validate (the seed's provider block)", () => must(['validate', '-no-color']), (r) => r.stdout.trim().split('\n')[0] ?? '');
  const schema = await step('terraform providers schema -json', () => must(['providers', 'schema', '-json']), (r) => `${r.stdout.length} bytes of JSON`);

  const parsed = JSON.parse(schema.stdout) as ProviderSchemas;
  for (const [address, s] of Object.entries(parsed.provider_schemas)) {
    console.log(`\nprovider ${address}`);
    console.log('  provider "konnect" block:');
    for (const [name, a] of Object.entries(s.provider.block.attributes ?? {})) {
      const mode = a.required ? 'required' : a.computed && a.optional ? 'optional+computed' : a.computed ? 'computed' : 'optional';
      const type = a.type !== undefined ? JSON.stringify(a.type) : 'nested';
      console.log(`    ${name.padEnd(30)} ${type.padEnd(10)} ${mode}${a.sensitive ? ', sensitive' : ''}`);
    }
    const resources = Object.keys(s.resource_schemas ?? {});
    console.log(`  resources (${resources.length}): ${resources.length ? resources.join(', ') : 'none yet'}`);
  }
  const lock = readFileSync(join(work.dir, '.terraform.lock.hcl'), 'utf8');
  console.log(`\nlock file: ${/h1:[^"]+/.exec(lock)?.[0] ?? '(no hash)'} — installed offline from ${rel(join(buildDir, 'mirror'))}`);
  console.log(`to use it yourself:  eval "$(make -s install-provider | tail -1)"  then terraform init in your configuration`);
} finally {
  work.remove();
}
