// Records the provider's V8 code caches (src/bin/provider-loader/bundle-parts.ts): starts the
// executable as Terraform would — AutoMTLS with a Terraform-like client certificate — with
// KONNECT_PROVIDER_WRITE_CODE_CACHE=<cache file>, asks it what a Terraform command first asks
// (GetProviderSchema; GetMetadata, which loads the implementation), then Shutdown: the provider
// writes every part's cache as it exits. Run as a program by build-release.ts (make release) and
// install-provider.ts --node-launcher:
//   tsx scripts/release/record-code-cache.ts <executable> <cache file>    exit 0 once the cache exists
import { existsSync } from 'node:fs';
import { connectProvider, handshakeEnv, launchProvider, terraformClientCertificate } from '../../src/testing/index.js';

const [executable, cacheFile] = process.argv.slice(2);
if (!executable || !cacheFile) {
  process.stderr.write('usage: record-code-cache.ts <executable> <cache file>\n');
  process.exit(2);
}
const cert = terraformClientCertificate();
const env = handshakeEnv(cert, { KONNECT_PROVIDER_WRITE_CODE_CACHE: cacheFile });
for (const k of ['TF_LOG', 'TF_LOG_PROVIDER', 'TF_DISABLE_PLUGIN_TLS', 'KONNECT_PROVIDER_CPU_PROFILE', 'NODE_OPTIONS']) delete env[k];
const provider = await launchProvider(env, [], executable);
const client = await connectProvider(provider.handshake, cert);
try {
  await client.call(client.provider, 'GetProviderSchema', {}, 20_000);
  await client.call(client.provider, 'GetMetadata', {}, 20_000);
  await client.call(client.controller, 'Shutdown', {}, 20_000);
  await provider.process.exited();
} finally {
  client.close();
  await provider.process.kill('SIGKILL');
}
process.exit(existsSync(cacheFile) ? 0 : 1);
