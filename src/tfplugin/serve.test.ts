// Protocol tests: the built provider binary (make build) launched with Terraform's handshake
// environment, talked to with a grpc-js client as go-plugin's client does.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { encodeMsgpack } from '../cty/index.js';
import { KonnectProvider, providerConfigType } from '../provider/index.js';
import {
  connectProvider,
  handshakeEnv,
  killStartedProcesses,
  launchProvider,
  PROVIDER_BIN,
  runCommand,
  startProcess,
  terraformClientCertificate,
} from '../testing/index.js';
import { serviceDefinitions } from './grpc/descriptor.js';
import { MAGIC_COOKIE_KEY, NOT_A_PROGRAM_MESSAGE } from './index.js';
import { encodeGetProviderSchemaResponse } from './precomputed.js';

after(killStartedProcesses);

const config = (values: Record<string, string | null>) => ({
  msgpack: Buffer.from(
    encodeMsgpack(
      {
        konnect_access_token: null,
        personal_access_token: null,
        server_url: null,
        service_access_token: null,
        system_account_access_token: null,
        ...values,
      },
      providerConfigType,
    ),
  ),
});

describe('AutoMTLS (the default Terraform launch)', () => {
  test('handshake line, server certificate, and GetProviderSchema over mTLS', async () => {
    const clientCert = terraformClientCertificate();
    const p = await launchProvider(handshakeEnv(clientCert));
    const h = p.handshake;
    assert.match(p.handshakeText, /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/, 'unpadded standard base64, loopback only');
    assert.ok(!p.handshakeText.includes('='));
    const cert = new X509Certificate(h.serverCertDer!);
    assert.equal(cert.subjectAltName, 'DNS:localhost');
    assert.equal(cert.ca, true);
    assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');

    const c = await connectProvider(h, clientCert);
    try {
      const res = await c.call(c.provider, 'GetProviderSchema');
      const provider = res.provider as { block: { attributes: { name: string; sensitive: boolean; optional: boolean; type: Buffer }[]; description: string } };
      const attrs = Object.fromEntries(provider.block.attributes.map((a) => [a.name, a]));
      assert.deepEqual(Object.keys(attrs).sort(), [
        'konnect_access_token',
        'personal_access_token',
        'server_url',
        'service_access_token',
        'system_account_access_token',
      ]);
      for (const name of ['konnect_access_token', 'personal_access_token', 'service_access_token', 'system_account_access_token']) {
        assert.equal(attrs[name]!.sensitive, true, `${name} is sensitive`);
      }
      assert.equal(attrs.server_url!.sensitive, false);
      assert.equal(attrs.server_url!.type.toString(), '"string"');
      assert.equal(provider.block.description, 'Konnect API: The Konnect platform API');
      assert.deepEqual(res.server_capabilities, { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false });
      assert.deepEqual(res.diagnostics, []);

      const health = await c.call(c.health, 'Check', { service: 'plugin' });
      assert.equal(health.status, 'SERVING');
      const meta = await c.call(c.provider, 'GetMetadata');
      assert.deepEqual(
        (meta.resources as { type_name: string }[]).map((r) => r.type_name).sort(),
        Object.keys(res.resource_schemas as object).sort(),
      );
    } finally {
      c.close();
      await p.process.kill();
    }
  });

  test('GetProviderSchema is answered with the bytes encoded at build time: the schema the sources compute, all 111 plugins included', async () => {
    const clientCert = terraformClientCertificate();
    const p = await launchProvider(handshakeEnv(clientCert));
    const c = await connectProvider(p.handshake, clientCert);
    try {
      const res = await c.call(c.provider, 'GetProviderSchema');
      const fromSources = await encodeGetProviderSchemaResponse(await new KonnectProvider({ env: {} }).getProviderSchema());
      const defs = await serviceDefinitions();
      assert.deepEqual(res, defs['tfplugin6.Provider'].GetProviderSchema!.responseDeserialize(fromSources), 'dist/ is stale or the embedded answer differs: make build');
      const types = Object.keys(res.resource_schemas as object);
      assert.equal(types.filter((t) => t.startsWith('konnect_gateway_plugin_')).length, 111);
      assert.ok(types.includes('konnect_gateway_plugin_zipkin') && types.includes('konnect_gateway_key_auth'));
    } finally {
      c.close();
      await p.process.kill();
    }
  });

  test('a client with any other certificate, or none, is refused', async () => {
    const p = await launchProvider(handshakeEnv(terraformClientCertificate()));
    const other = await connectProvider(p.handshake, terraformClientCertificate());
    try {
      await assert.rejects(other.call(other.provider, 'GetProviderSchema', {}, 5_000), (err: { code?: number }) => {
        assert.notEqual(err.code, undefined);
        return true;
      });
    } finally {
      other.close();
    }
    // No client certificate at all: the TLS handshake completes (the server asks without judging),
    // then the connection is closed before any call is answered.
    const [host, port] = [p.handshake.address.slice(0, p.handshake.address.lastIndexOf(':')), Number(p.handshake.address.slice(p.handshake.address.lastIndexOf(':') + 1))];
    const { connect } = await import('node:http2');
    const session = connect(`https://${host}:${port}`, { rejectUnauthorized: false });
    session.on('error', () => undefined);
    try {
      const outcome = await new Promise<string>((resolve) => {
        const req = session.request({ ':method': 'POST', ':path': '/tfplugin6.Provider/GetProviderSchema', 'content-type': 'application/grpc', te: 'trailers' });
        req.on('response', (h) => resolve(`answered ${String(h[':status'])}`));
        req.on('error', (e: Error) => resolve(`error ${e.message}`));
        req.on('close', () => resolve('closed'));
        req.end(Buffer.from([0, 0, 0, 0, 0]));
      });
      assert.doesNotMatch(outcome, /^answered/);
    } finally {
      session.destroy();
      await p.process.kill();
    }
  });

  test('Shutdown ends the process within a second, exit code 0', async () => {
    const clientCert = terraformClientCertificate();
    const p = await launchProvider(handshakeEnv(clientCert));
    const c = await connectProvider(p.handshake, clientCert);
    const t0 = performance.now();
    await c.call(c.controller, 'Shutdown');
    const code = await p.process.exited();
    const elapsed = performance.now() - t0;
    c.close();
    assert.equal(code, 0);
    assert.ok(elapsed < 1_000, `exited after ${Math.round(elapsed)} ms`);
  });

  test('when terraform dies without Shutdown, the provider exits too (no orphans)', async () => {
    // A stand-in for terraform: starts the provider, prints its PID, then dies.
    const host = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.argv[1], [], { stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.once('data', () => { console.log(child.pid); process.exit(0); });`;
    const r = await runCommand(process.execPath, ['-e', host, PROVIDER_BIN], { env: handshakeEnv(undefined), timeoutMs: 20_000 });
    const pid = Number(r.stdout.trim());
    assert.ok(pid > 0, r.stdout + r.stderr);
    const gone = () => {
      try {
        // A zombie (no init reaping it in some containers) has exited too.
        return /State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
      } catch {
        return true;
      }
    };
    const deadline = Date.now() + 5_000;
    while (!gone() && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    const exited = gone();
    if (!exited) process.kill(pid, 'SIGKILL');
    assert.ok(exited, 'the orphaned provider exited within 5 s');
  });

  test('SIGINT is ignored (Terraform stops work with StopProvider instead)', async () => {
    const clientCert = terraformClientCertificate();
    const p = await launchProvider(handshakeEnv(clientCert, { TF_LOG: 'info' }));
    const c = await connectProvider(p.handshake, clientCert);
    try {
      process.kill(p.process.pid, 'SIGINT');
      await p.process.waitForLine(/interrupt signal, ignoring/);
      const stop = await c.call(c.provider, 'StopProvider');
      assert.deepEqual(stop, { Error: '' });
      const res = await c.call(c.provider, 'GetProviderSchema');
      assert.ok(res.provider);
    } finally {
      c.close();
      await p.process.kill();
    }
  });
});

describe('provider RPCs through the bridge', () => {
  test('"$KONNECT_TOKEN": a warning at validate, an error at configure; an unknown resource type answers a diagnostic; no token in the log', async () => {
    const secret = 'kpat_NeverLogThis_0123456789';
    const clientCert = terraformClientCertificate();
    const p = await launchProvider(handshakeEnv(clientCert, { TF_LOG: 'trace', KONNECT_TOKEN: secret }));
    const c = await connectProvider(p.handshake, clientCert);
    try {
      const seed = config({ personal_access_token: '$KONNECT_TOKEN', server_url: 'https://us.api.konghq.com/' });
      const v = await c.call(c.provider, 'ValidateProviderConfig', { config: seed });
      const [warning] = v.diagnostics as { severity: string; summary: string; detail: string; attribute: unknown }[];
      assert.equal(warning?.severity, 'WARNING');
      assert.deepEqual(warning?.attribute, { steps: [{ attribute_name: 'personal_access_token', selector: 'attribute_name' }] });
      assert.match(warning!.detail, /export KONNECT_TOKEN=/);
      assert.match(warning!.detail, /TF_VAR_/);

      const cfg = await c.call(c.provider, 'ConfigureProvider', { terraform_version: '1.11.4', config: seed });
      const [error] = cfg.diagnostics as { severity: string; summary: string }[];
      assert.equal(error?.severity, 'ERROR');
      assert.match(error!.summary, /personal_access_token/);

      const bad = await c.call(c.provider, 'ValidateProviderConfig', { config: config({ server_url: 'us.api.konghq.com' }) });
      assert.equal((bad.diagnostics as { severity: string }[])[0]?.severity, 'ERROR');

      const ok = await c.call(c.provider, 'ConfigureProvider', { terraform_version: '1.11.4', config: config({ server_url: 'http://127.0.0.1:1' }) });
      assert.deepEqual(ok.diagnostics, []);

      const plan = await c.call(c.provider, 'PlanResourceChange', { type_name: 'konnect_gateway_no_such_thing' });
      const [d] = plan.diagnostics as { severity: string; detail: string }[];
      assert.equal(d?.severity, 'ERROR');
      assert.match(d!.detail, /no resource type "konnect_gateway_no_such_thing"/);

      await c.call(c.controller, 'Shutdown');
      await p.process.exited();
      const stderr = p.process.stderr();
      assert.match(stderr, /"@message":"provider configured"/);
      assert.match(stderr, /"credential_from":"KONNECT_TOKEN"/);
      assert.ok(!stderr.includes(secret), 'the token never reaches the log');
      assert.equal(p.process.stdout().trim().split('\n').length, 1, 'stdout holds only the handshake line');
    } finally {
      c.close();
      await p.process.kill();
    }
  });
});

describe('launch rules', () => {
  for (const [label, cookie] of [
    ['missing', undefined],
    ['wrong', 'not-the-cookie'],
  ] as const) {
    test(`${label} magic cookie: go-plugin's message, a usage line, exit 1`, async () => {
      const env = handshakeEnv(undefined);
      if (cookie === undefined) delete env[MAGIC_COOKIE_KEY];
      else env[MAGIC_COOKIE_KEY] = cookie;
      const r = await runCommand(PROVIDER_BIN, [], { env, timeoutMs: 20_000 });
      assert.equal(r.code, 1);
      assert.ok(r.stderr.startsWith(NOT_A_PROGRAM_MESSAGE), r.stderr);
      assert.match(r.stderr, /Terraform provider.*required_providers/);
      assert.equal(r.stdout, '');
    });
  }

  test('a PLUGIN_CLIENT_CERT that is not a certificate: a clear message, exit 1, no handshake', async () => {
    const r = await runCommand(PROVIDER_BIN, [], { env: handshakeEnv(undefined, { PLUGIN_CLIENT_CERT: 'garbage' }), timeoutMs: 20_000 });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /PLUGIN_CLIENT_CERT is not a usable PEM certificate/);
    assert.equal(r.stdout, '');
  });

  test('a host offering only protocol 5 is told why, exit 1', async () => {
    const r = await runCommand(PROVIDER_BIN, [], { env: handshakeEnv(undefined, { PLUGIN_PROTOCOL_VERSIONS: '5' }), timeoutMs: 20_000 });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /protocol 6/);
  });

  test('TF_DISABLE_PLUGIN_TLS: plaintext, empty certificate field', async () => {
    const p = await launchProvider(handshakeEnv(undefined, { TF_DISABLE_PLUGIN_TLS: '1', PLUGIN_PROTOCOL_VERSIONS: '6,5' }));
    assert.match(p.handshakeText, /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|$/);
    const c = await connectProvider(p.handshake);
    try {
      const res = await c.call(c.provider, 'GetProviderSchema');
      assert.ok(res.provider);
    } finally {
      c.close();
      await p.process.kill();
    }
  });

  test('--debug prints a TF_REATTACH_PROVIDERS a developer can export, serving plaintext', async () => {
    const env = handshakeEnv(undefined);
    delete env[MAGIC_COOKIE_KEY];
    const p = startProcess(PROVIDER_BIN, ['--debug'], { env });
    try {
      const line = await p.waitForLine(/TF_REATTACH_PROVIDERS=/, 20_000);
      const json = /TF_REATTACH_PROVIDERS='(.+)'/.exec(line)![1]!;
      const reattach = JSON.parse(json) as Record<string, { Protocol: string; ProtocolVersion: number; Pid: number; Test: boolean; Addr: { Network: string; String: string } }>;
      const entry = reattach['registry.terraform.io/kong/konnect'];
      assert.ok(entry);
      assert.equal(entry.Protocol, 'grpc');
      assert.equal(entry.ProtocolVersion, 6);
      assert.equal(entry.Test, true);
      assert.equal(entry.Pid, p.pid);
      assert.equal(entry.Addr.Network, 'tcp');
      assert.match(entry.Addr.String, /^127\.0\.0\.1:\d+$/);
      const c = await connectProvider({ coreVersion: 1, protocolVersion: 6, network: 'tcp', address: entry.Addr.String, protocol: 'grpc' });
      try {
        const res = await c.call(c.provider, 'GetProviderSchema');
        assert.ok(res.provider);
      } finally {
        c.close();
      }
    } finally {
      await p.kill('SIGINT');
    }
    assert.equal(await p.exited(), 0);
  });
});
