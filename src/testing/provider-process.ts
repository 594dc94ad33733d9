// Our provider binary as Terraform runs it: launched with the handshake environment, its
// handshake line parsed, and a grpc-js client that connects the way go-plugin's client does
// (mTLS with a Terraform-like ECDSA P-521 client certificate, server name "localhost").
import * as grpc from '@grpc/grpc-js';
import { join } from 'node:path';
import {
  createSelfSignedCertificate,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  parseHandshakeLine,
  type HandshakeLine,
  type SelfSignedCertificate,
} from '../tfplugin/index.js';
import { serviceDefinitions } from '../tfplugin/grpc/descriptor.js';
import { startProcess, type TestProcess } from './processes.js';
import { REPO_ROOT } from './terraform.js';

/** The launcher Terraform would exec (bin/ loads dist/, so run `make build` first). */
export const PROVIDER_BIN = join(REPO_ROOT, 'bin', 'terraform-provider-konnect');

/** A client certificate made like Terraform's (go-plugin mtls.go): ECDSA P-521, self-signed. */
export function terraformClientCertificate(): SelfSignedCertificate {
  return createSelfSignedCertificate({ curve: 'P-521', organization: 'HashiCorp' });
}

/** The environment Terraform gives a provider: cookie, protocol versions, port range, client cert. */
export function handshakeEnv(clientCert: SelfSignedCertificate | undefined, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '5,6',
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
  };
  delete env.TF_DISABLE_PLUGIN_TLS;
  delete env.PLUGIN_CLIENT_CERT;
  if (clientCert) env.PLUGIN_CLIENT_CERT = clientCert.certPem;
  return { ...env, ...extra };
}

export interface LaunchedProvider {
  readonly process: TestProcess;
  readonly handshake: HandshakeLine;
  readonly handshakeText: string;
}

/** Starts the provider and waits for its handshake line (the first stdout line). */
export async function launchProvider(env: NodeJS.ProcessEnv, args: readonly string[] = [], bin = PROVIDER_BIN): Promise<LaunchedProvider> {
  const p = startProcess(bin, args, { env });
  try {
    const text = await p.waitForLine(/^\d+\|\d+\|/, 20_000);
    return { process: p, handshake: parseHandshakeLine(text), handshakeText: text };
  } catch (err) {
    await p.kill('SIGKILL');
    throw err;
  }
}

type Unary = (req: object, callback: (err: grpc.ServiceError | null, res: Record<string, unknown>) => void) => void;
type ServiceClient = grpc.Client & Record<string, Unary>;

export interface ProviderClients {
  readonly provider: ServiceClient;
  readonly controller: ServiceClient;
  readonly health: ServiceClient;
  /** Calls a unary method and resolves with its response (rejects with the gRPC error). */
  call(client: ServiceClient, method: string, req?: object, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): void;
}

/**
 * Connects to the address of a handshake. With `clientCert`, TLS trusting only the server
 * certificate from the handshake (as go-plugin does); without it, plaintext.
 */
export async function connectProvider(handshake: HandshakeLine, clientCert?: SelfSignedCertificate): Promise<ProviderClients> {
  const defs = await serviceDefinitions();
  let creds: grpc.ChannelCredentials;
  if (clientCert) {
    if (!handshake.serverCertDer) throw new Error('handshake carries no server certificate');
    const b64 = handshake.serverCertDer.toString('base64').replace(/.{1,64}/g, '$&\n');
    const serverPem = `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
    creds = grpc.credentials.createSsl(Buffer.from(serverPem), Buffer.from(clientCert.keyPem), Buffer.from(clientCert.certPem));
  } else {
    creds = grpc.credentials.createInsecure();
  }
  const options = { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' };
  const make = (def: grpc.ServiceDefinition) =>
    new (grpc.makeGenericClientConstructor(def as grpc.ServiceDefinition, ''))(handshake.address, creds, options) as unknown as ServiceClient;
  const provider = make(defs['tfplugin6.Provider']);
  const controller = make(defs['plugin.GRPCController']);
  const health = make(defs['grpc.health.v1.Health']);
  return {
    provider,
    controller,
    health,
    call: (client, method, req = {}, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const fn = client[method];
        if (typeof fn !== 'function') return reject(new Error(`no method ${method}`));
        (fn as unknown as (r: object, m: grpc.Metadata, o: grpc.CallOptions, cb: Parameters<Unary>[1]) => void).call(
          client,
          req,
          new grpc.Metadata(),
          { deadline: Date.now() + timeoutMs },
          (err, res) => (err ? reject(err) : resolve(res)),
        );
      }),
    close: () => {
      provider.close();
      controller.close();
      health.close();
    },
  };
}
