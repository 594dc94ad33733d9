// Records the provider's V8 code caches (src/bin/provider-loader/bundle-parts.ts): starts the
// executable as Terraform would — AutoMTLS with a Terraform-like client certificate — with
// KONNECT_PROVIDER_WRITE_CODE_CACHE=<cache file>, makes the calls of a `terraform plan`'s refresh
// against an in-process mock Konnect (GetProviderSchema, GetMetadata, ValidateProviderConfig,
// ConfigureProvider, ImportResourceState, ReadResource, PlanResourceChange: the HTTP client and
// the plan path are compiled into the caches too; every provider process that refreshes a resource
// would otherwise compile them), then Shutdown: the provider writes every part's cache as it
// exits. Run as a program by build-release.ts (make release) and install-provider.ts --node-launcher:
//   tsx scripts/release/record-code-cache.ts <executable> <cache file>    exit 0 once the cache exists
import { existsSync } from 'node:fs';
import { encodeMsgpack } from '../../src/cty/index.js';
import { MemoryStore } from '../../src/kong-entities/index.js';
import { DEFAULT_DEV_TOKEN, MockKonnect } from '../../src/mock-konnect/index.js';
import { providerConfigType } from '../../src/provider/index.js';
import { connectProvider, handshakeEnv, launchProvider, terraformClientCertificate } from '../../src/testing/index.js';

const [executable, cacheFile] = process.argv.slice(2);
if (!executable || !cacheFile) {
  process.stderr.write('usage: record-code-cache.ts <executable> <cache file>\n');
  process.exit(2);
}
const cert = terraformClientCertificate();
const env = handshakeEnv(cert, { KONNECT_PROVIDER_WRITE_CODE_CACHE: cacheFile });
for (const k of ['TF_LOG', 'TF_LOG_PROVIDER', 'TF_DISABLE_PLUGIN_TLS', 'KONNECT_PROVIDER_CPU_PROFILE', 'KONNECT_PROVIDER_CPU_REPORT', 'NODE_OPTIONS']) delete env[k];
const mock = new MockKonnect({ store: new MemoryStore(), tokens: [DEFAULT_DEV_TOKEN] });
const base = await mock.listen('127.0.0.1', 0);
const created = await fetch(`${base}/v2/control-planes`, {
  method: 'POST',
  headers: { authorization: `Bearer ${DEFAULT_DEV_TOKEN}`, 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'code-cache' }),
});
const cp = (await created.json()) as { id: string };
const provider = await launchProvider(env, [], executable);
const client = await connectProvider(provider.handshake, cert);
const call = (method: string, req: object = {}) => client.call(client.provider, method, req, 20_000);
try {
  await call('GetProviderSchema');
  await call('GetMetadata');
  const values = { konnect_access_token: null, personal_access_token: DEFAULT_DEV_TOKEN, server_url: base, service_access_token: null, system_account_access_token: null };
  const config = { msgpack: Buffer.from(encodeMsgpack(values, providerConfigType)) };
  await call('ValidateProviderConfig', { config });
  await call('ConfigureProvider', { terraform_version: '1.11.4', config });
  const type_name = 'konnect_gateway_control_plane';
  const imported = await call('ImportResourceState', { type_name, id: cp.id });
  const [res] = imported.imported_resources as { state: object; private: Buffer }[];
  if (res) {
    const read = await call('ReadResource', { type_name, current_state: res.state, private: res.private });
    const state = read.new_state as object;
    await call('PlanResourceChange', { type_name, prior_state: state, proposed_new_state: state, config: state, prior_private: res.private });
  }
  await client.call(client.controller, 'Shutdown', {}, 20_000);
  await provider.process.exited();
} finally {
  client.close();
  await provider.process.kill('SIGKILL');
  await mock.close();
}
process.exit(existsSync(cacheFile) ? 0 : 1);
