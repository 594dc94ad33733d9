// Acceptance: the real terraform CLI runs our provider behind a corporate network — Konnect
// reachable only through an HTTPS_PROXY (a counting CONNECT proxy in this test) and served over TLS
// with a certificate from a private CA that only SSL_CERT_FILE makes trusted — as the Go provider
// does; NO_PROXY naming Konnect's host bypasses the proxy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import {
  installProvider,
  killStartedProcesses,
  REPO_ROOT,
  startConnectProxy,
  startServer,
  tempDir,
  terraformSkipReason,
  terraformWorkdir,
  type ConnectProxy,
} from '../src/testing/index.js';
import { createSelfSignedCertificate } from '../src/tfplugin/index.js';

const skip = terraformSkipReason();
const TOKEN = 'kpat_proxy_acceptance_not_a_secret';

describe('HTTPS_PROXY, NO_PROXY and SSL_CERT_FILE, as terraform passes them to the provider', { skip }, () => {
  let dir: { path: string; remove: () => void };
  let cliConfig: string;
  let proxy: ConnectProxy;
  let tlsFront: TlsServer;
  let konnectUrl: string;
  let caFile: string;
  let mockUrl: string;
  const sockets = new Set<Socket>();

  before(async () => {
    dir = tempDir('konnect-proxy-acc-');
    cliConfig = await installProvider(join(dir.path, 'provider'));
    const mock = await startServer(join(REPO_ROOT, 'bin', 'mock-konnect'), ['--listen', '127.0.0.1:0', '--in-memory', '--token', TOKEN], 'mock-konnect');
    mockUrl = mock.url;
    const mockPort = Number(new URL(mock.url).port);
    // Konnect over TLS: a TLS front for the mock with a certificate for konnect.test, self-signed (a private CA).
    const cert = createSelfSignedCertificate({ commonName: 'konnect.test', organization: 'konnect-tf-ts acceptance' });
    caFile = join(dir.path, 'private-ca.pem');
    writeFileSync(caFile, cert.certPem);
    tlsFront = createTlsServer({ cert: cert.certPem, key: cert.keyPem }, (client) => {
      const upstream = connect(mockPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => tlsFront.listen(0, '127.0.0.1', r));
    const tlsPort = (tlsFront.address() as { port: number }).port;
    // konnect.test resolves nowhere: only the proxy knows where it is.
    proxy = await startConnectProxy((host, port) => (host === 'konnect.test' ? { host: '127.0.0.1', port: tlsPort } : { host, port }));
    konnectUrl = `https://konnect.test:${tlsPort}`;
  });
  after(async () => {
    await killStartedProcesses();
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => tlsFront?.close(() => r()));
    await proxy?.close();
    dir?.remove();
  });

  const config = (name: string) => `terraform {
  required_providers {
    konnect = { source = "kong/konnect" }
  }
}
variable "server_url" { type = string }
provider "konnect" {
  server_url = var.server_url
}
resource "konnect_gateway_control_plane" "cp" {
  name = "${name}"
}
`;

  test('apply, refresh and destroy go through the proxy, over TLS trusted via SSL_CERT_FILE', async () => {
    const w = terraformWorkdir(cliConfig, { 'main.tf': config('behind-proxy') });
    try {
      const env = { KONNECT_TOKEN: TOKEN, TF_VAR_server_url: konnectUrl, HTTPS_PROXY: proxy.url, NO_PROXY: '', SSL_CERT_FILE: caFile };
      const init = await w.terraform(['init', '-input=false', '-no-color'], { env });
      assert.equal(init.code, 0, init.stdout + init.stderr);
      const before = proxy.seen.length;
      const apply = await w.terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { env });
      assert.equal(apply.code, 0, apply.stdout + apply.stderr);
      assert.ok(proxy.seen.length > before, 'the provider opened tunnels through the proxy');
      assert.ok(proxy.seen.slice(before).every((s) => s === `CONNECT konnect.test:${new URL(konnectUrl).port}`), proxy.seen.join('\n'));
      const listed = (await (await fetch(`${mockUrl}/v2/control-planes`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { data: { name: string }[] };
      assert.ok(listed.data.some((cp) => cp.name === 'behind-proxy'), 'the control plane exists in (mock) Konnect');
      const plan = await w.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'], { env });
      assert.equal(plan.code, 0, plan.stdout + plan.stderr);
      const destroy = await w.terraform(['destroy', '-auto-approve', '-input=false', '-no-color'], { env });
      assert.equal(destroy.code, 0, destroy.stdout + destroy.stderr);
    } finally {
      w.remove();
    }
  });

  test('without SSL_CERT_FILE the private CA is not trusted, and the error says how to trust it', async () => {
    const w = terraformWorkdir(cliConfig, { 'main.tf': config('untrusted') });
    try {
      const env = { KONNECT_TOKEN: TOKEN, TF_VAR_server_url: konnectUrl, HTTPS_PROXY: proxy.url, NO_PROXY: '', KONNECT_RETRY_BUDGET: '5s' };
      assert.equal((await w.terraform(['init', '-input=false', '-no-color'], { env })).code, 0);
      const apply = await w.terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { env });
      assert.notEqual(apply.code, 0);
      const out = apply.stdout + apply.stderr;
      assert.match(out, /SSL_CERT_FILE/, out);
      assert.ok(!out.includes(TOKEN));
    } finally {
      w.remove();
    }
  });

  test('NO_PROXY naming Konnect\'s host: the provider does not use the proxy', async () => {
    const w = terraformWorkdir(cliConfig, { 'main.tf': config('no-proxy') });
    try {
      const env = { KONNECT_TOKEN: TOKEN, TF_VAR_server_url: konnectUrl, HTTPS_PROXY: proxy.url, NO_PROXY: 'konnect.test', SSL_CERT_FILE: caFile, KONNECT_RETRY_BUDGET: '3s' };
      assert.equal((await w.terraform(['init', '-input=false', '-no-color'], { env })).code, 0);
      const before = proxy.seen.length;
      const apply = await w.terraform(['apply', '-auto-approve', '-input=false', '-no-color'], { env });
      // konnect.test resolves only through the proxy: direct, the call cannot reach it.
      assert.notEqual(apply.code, 0);
      // ("could not reach Konnect at https://konnect.test…", or out of retry budget when DNS answers EAI_AGAIN)
      assert.match(apply.stdout + apply.stderr, /could not reach Konnect at https:\/\/konnect\.test|Konnect did not answer in time/);
      assert.equal(proxy.seen.length, before, proxy.seen.slice(before).join('\n'));
    } finally {
      w.remove();
    }
  });
});
