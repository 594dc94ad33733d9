// The Konnect client's network environment, as the Go provider honours it: HTTPS_PROXY /
// HTTP_PROXY / NO_PROXY (a counting CONNECT proxy; a host only the proxy can resolve proves the
// call went through it), loopback never proxied, and SSL_CERT_FILE / SSL_CERT_DIR as the only
// trust when set (a Konnect stand-in over TLS whose certificate nothing else trusts).
import { after, afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { rootCertificates } from 'node:tls';
import { join } from 'node:path';
import { startConnectProxy, type ConnectProxy } from '../testing/index.js';
import { createSelfSignedCertificate } from '../tfplugin/index.js';
import { closeSharedDispatchers, KonnectClient, KonnectError } from './index.js';
import { effectiveNoProxy } from './dispatcher.js';
import { json, startScriptedServer } from './scripted-server.test-helper.js';
import { trustedCertificates } from './trust-store.js';

const TOKEN = 'kpat_Proxy_Test_Token_0123456789';
const VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
const dir = mkdtempSync(join(tmpdir(), 'konnect-ca-test-'));
const cleanups: (() => Promise<void>)[] = [];

function setEnv(vars: Record<string, string>): void {
  for (const k of VARS) delete process.env[k];
  Object.assign(process.env, vars);
}

const client = (serverUrl: string) =>
  new KonnectClient({
    serverUrl,
    credentials: { token: TOKEN, source: 'personal_access_token' },
    retry: { maxAttempts: 1, initialDelayMs: 5, maxDelayMs: 5, maxElapsedMs: 5_000 },
  });

async function failure(p: Promise<unknown>): Promise<KonnectError> {
  try {
    await p;
  } catch (err) {
    assert.ok(KonnectError.is(err), `expected a KonnectError, got ${String(err)}`);
    assert.ok(!err.message.includes(TOKEN));
    return err;
  }
  assert.fail('expected the call to fail');
}

/** A proxy that sends every tunnel for konnect.test to the local port. */
async function proxyTo(port: number): Promise<ConnectProxy> {
  const proxy = await startConnectProxy((host, p) => (host === 'konnect.test' ? { host: '127.0.0.1', port } : { host, port: p }));
  cleanups.push(() => proxy.close());
  return proxy;
}

/** A Konnect stand-in over TLS, its certificate (CN and SAN konnect.test) self-signed: a CA of its own. */
async function tlsKonnect(): Promise<{ port: number; caFile: string; hits: () => number }> {
  const cert = createSelfSignedCertificate({ commonName: 'konnect.test', organization: 'konnect-tf-ts tests' });
  const caFile = join(dir, `ca-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(caFile, cert.certPem);
  let hits = 0;
  const server: HttpsServer = createHttpsServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    hits++;
    json(res, 200, { data: [], meta: { page: { total: 0 } }, path: req.url });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { port: (server.address() as AddressInfo).port, caFile, hits: () => hits };
}

afterEach(async () => {
  await closeSharedDispatchers();
  for (const c of cleanups.splice(0)) await c();
});
after(() => {
  setEnv({});
  for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
  rmSync(dir, { recursive: true, force: true });
});

test('HTTP_PROXY: an http:// Konnect is reached through the proxy (a name only the proxy resolves)', async () => {
  const srv = await startScriptedServer();
  cleanups.push(() => srv.close());
  srv.handle((_req, res) => json(res, 200, { ok: true }));
  const port = Number(new URL(srv.url).port);
  const proxy = await proxyTo(port);
  setEnv({ HTTP_PROXY: proxy.url });
  const r = await client(`http://konnect.test:${port}`).call<{ ok: boolean }>('GET', '/v2/control-planes', { expect: [200] });
  assert.deepEqual(r.body, { ok: true });
  assert.deepEqual(proxy.seen, [`CONNECT konnect.test:${port}`]);
  assert.equal(srv.seen.at(-1)!.headers.authorization, `Bearer ${TOKEN}`, 'the token travels inside the tunnel, to Konnect only');
});

test('NO_PROXY naming the host (or a parent domain): the proxy is not used', async () => {
  const proxy = await proxyTo(1);
  for (const noProxy of ['konnect.test', '.test', 'other.example,konnect.test']) {
    setEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: noProxy });
    // konnect.test does not resolve without the proxy: the call fails, and the proxy saw nothing.
    const e = await failure(client('https://konnect.test:8443').call('GET', '/v2/control-planes', { expect: [200] }));
    assert.equal(e.code, 'KONNECT_ERR_UNREACHABLE', e.message);
    assert.match(e.message, /ENOTFOUND|EAI_AGAIN/);
    await closeSharedDispatchers();
  }
  assert.deepEqual(proxy.seen, []);
});

test('loopback is never proxied, whatever NO_PROXY says (as Go)', async () => {
  const srv = await startScriptedServer();
  cleanups.push(() => srv.close());
  srv.handle((_req, res) => json(res, 200, { direct: true }));
  const proxy = await proxyTo(1);
  setEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '' });
  for (const host of ['127.0.0.1', 'localhost']) {
    const r = await client(srv.url.replace('127.0.0.1', host)).call('GET', '/v2/control-planes', { expect: [200] });
    assert.deepEqual(r.body, { direct: true });
  }
  assert.deepEqual(proxy.seen, []);
  assert.equal(effectiveNoProxy({ no_proxy: 'a.example', NO_PROXY: 'ignored' }), 'a.example,localhost,127.0.0.1,[::1]');
  assert.equal(effectiveNoProxy({ NO_PROXY: '*' }), '*');
});

test('HTTPS_PROXY + SSL_CERT_FILE: TLS to Konnect through the tunnel, trusted only through SSL_CERT_FILE', async () => {
  const k = await tlsKonnect();
  const proxy = await proxyTo(k.port);
  const url = `https://konnect.test:${k.port}`;

  setEnv({ HTTPS_PROXY: proxy.url });
  const untrusted = await failure(client(url).call('GET', '/v2/control-planes', { expect: [200] }));
  assert.equal(untrusted.code, 'KONNECT_ERR_UNREACHABLE');
  assert.match(untrusted.message, /SSL_CERT_FILE/, 'the message says how to trust the certificate');
  assert.equal(k.hits(), 0);
  await closeSharedDispatchers();

  setEnv({ HTTPS_PROXY: proxy.url, SSL_CERT_FILE: k.caFile });
  const r = await client(url).call<{ path: string }>('GET', '/v2/control-planes', { expect: [200] });
  assert.equal(r.body?.path, '/v2/control-planes');
  assert.equal(k.hits(), 1);
  assert.deepEqual(proxy.seen, [`CONNECT konnect.test:${k.port}`, `CONNECT konnect.test:${k.port}`]);
});

test('SSL_CERT_DIR: every PEM file of the directories is trusted', async () => {
  const k = await tlsKonnect();
  const proxy = await proxyTo(k.port);
  const certDir = mkdtempSync(join(dir, 'certs-'));
  writeFileSync(join(certDir, 'konnect-test.pem'), await import('node:fs').then((fs) => fs.readFileSync(k.caFile)));
  writeFileSync(join(certDir, 'not-a-cert.txt'), 'hello');
  setEnv({ HTTPS_PROXY: proxy.url, SSL_CERT_DIR: `/nonexistent:${certDir}` });
  const r = await client(`https://konnect.test:${k.port}`).call('GET', '/v2/control-planes', { expect: [200] });
  assert.equal(r.status, 200);
});

test('trust store: SSL_CERT_FILE without a certificate is an error naming it; unset → the system bundle, else Node\'s roots', async () => {
  const empty = join(dir, 'empty.pem');
  writeFileSync(empty, 'no certificates here');
  assert.throws(() => trustedCertificates({ SSL_CERT_FILE: empty }), /SSL_CERT_FILE=.*empty\.pem holds no PEM certificate/);
  const bundle = join(dir, 'bundle.pem');
  const pem = createSelfSignedCertificate().certPem;
  writeFileSync(bundle, pem + pem);
  assert.equal(trustedCertificates({}, ['/nonexistent.pem', bundle])?.length, 2);
  assert.equal(trustedCertificates({}, ['/nonexistent.pem']), undefined);

  // SSL_CERT_DIR as /etc/ssl/certs lays it out: files, OpenSSL hash links to them, a bundle repeating them.
  const certDir = mkdtempSync(join(dir, 'hashed-'));
  writeFileSync(join(certDir, 'One.pem'), pem);
  symlinkSync('One.pem', join(certDir, '5ad8a5d6.0'));
  writeFileSync(join(certDir, 'bundle.crt'), pem + createSelfSignedCertificate().certPem);
  assert.equal(trustedCertificates({ SSL_CERT_DIR: certDir })?.length, 2, 'each certificate once');
  assert.equal(trustedCertificates({ SSL_CERT_FILE: join(certDir, 'One.pem'), SSL_CERT_DIR: certDir })?.length, 2);

  // No SSL_CERT_* and no system bundle: Node's roots plus NODE_EXTRA_CA_CERTS (read here, since
  // the release's Node does not read it at start-up); a file without certificates adds nothing.
  const withExtra = trustedCertificates({ NODE_EXTRA_CA_CERTS: bundle }, ['/nonexistent.pem']);
  assert.equal(withExtra?.length, rootCertificates.length + 2);
  assert.deepEqual(withExtra?.slice(-1), [pem.trim()]);
  assert.equal(trustedCertificates({ NODE_EXTRA_CA_CERTS: empty }, ['/nonexistent.pem']), undefined);
  assert.equal(trustedCertificates({ NODE_EXTRA_CA_CERTS: bundle }, [bundle])?.length, 2, 'a system bundle decides alone, as before');

  setEnv({ SSL_CERT_FILE: empty });
  const e = await failure(client('https://konnect.test:1').call('GET', '/v2/control-planes', { expect: [200] }));
  assert.match(e.message, /SSL_CERT_FILE=.*holds no PEM certificate/);

  // A plain-http server_url never reads the CA certificates (the same broken SSL_CERT_FILE is not
  // an error there), unless a proxy is reached over https.
  await closeSharedDispatchers();
  const srv = await startScriptedServer();
  cleanups.push(() => srv.close());
  srv.handle((_req, res) => json(res, 200, { plain: true }));
  const r = await client(srv.url).call('GET', '/v2/control-planes', { expect: [200] });
  assert.deepEqual(r.body, { plain: true });
  await closeSharedDispatchers();
  setEnv({ SSL_CERT_FILE: empty, HTTP_PROXY: 'https://proxy.test:1', NO_PROXY: '' });
  const viaTls = await failure(client('http://konnect.test:1').call('GET', '/v2/control-planes', { expect: [200] }));
  assert.match(viaTls.message, /SSL_CERT_FILE=.*holds no PEM certificate/);
});
