// The go-plugin handshake: magic cookie, protocol version negotiation, and the one line on
// stdout that tells the host where and how to connect.

/** Terraform's handshake cookie (identical in OpenTofu); it never changes. */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** go-plugin's own text for a plugin run without its host, plus how this binary is meant to be used. */
export const NOT_A_PROGRAM_MESSAGE =
  'This binary is a plugin. These are not meant to be executed directly.\n' +
  'Please execute the program that consumes these plugins, which will\n' +
  'load any plugins automatically\n';
export const USAGE_HINT =
  'terraform-provider-konnect is a Terraform provider: declare `source = "kong/konnect"` in required_providers ' +
  'and let terraform run it (see "Provider: how Terraform finds it" in the README), ' +
  'or start it with --debug to attach it to terraform via TF_REATTACH_PROVIDERS.\n';

export const CORE_PROTOCOL_VERSION = 1;
/** The application protocol versions we serve: tfplugin6 only. */
export const SUPPORTED_PROTOCOL_VERSIONS = [6] as const;

export function cookieMatches(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/**
 * Picks the highest version both sides speak from PLUGIN_PROTOCOL_VERSIONS ("5,6" or "6,5").
 * Absent → our lowest version, as go-plugin does. None in common → an error message.
 */
export function negotiateProtocolVersion(env: NodeJS.ProcessEnv): { version: number } | { error: string } {
  const raw = env.PLUGIN_PROTOCOL_VERSIONS;
  if (raw === undefined || raw.trim() === '') return { version: Math.min(...SUPPORTED_PROTOCOL_VERSIONS) };
  const offered = raw
    .split(',')
    .map((s) => Number.parseInt(s.trim(), 10))
    .filter((n) => Number.isInteger(n))
    .sort((a, b) => b - a);
  const match = offered.find((v) => (SUPPORTED_PROTOCOL_VERSIONS as readonly number[]).includes(v));
  if (match !== undefined) return { version: match };
  return {
    error:
      `terraform-provider-konnect speaks plugin protocol ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}, but the host offered ` +
      `PLUGIN_PROTOCOL_VERSIONS=${raw}. Use Terraform 1.0 or newer (or OpenTofu), which speak protocol 6.\n`,
  };
}

export interface HandshakeLine {
  readonly coreVersion: number;
  readonly protocolVersion: number;
  readonly network: 'tcp' | 'unix';
  readonly address: string;
  readonly protocol: 'grpc';
  /** DER of the server certificate, absent in plaintext mode. */
  readonly serverCertDer?: Buffer;
}

/** `1|6|tcp|127.0.0.1:PORT|grpc|<unpadded standard base64 DER>` (last field empty without TLS). */
export function formatHandshakeLine(h: HandshakeLine): string {
  const cert = h.serverCertDer ? h.serverCertDer.toString('base64').replace(/=+$/, '') : '';
  return `${h.coreVersion}|${h.protocolVersion}|${h.network}|${h.address}|${h.protocol}|${cert}\n`;
}

/** The host's reading of the line (go-plugin client.go): used by tests and tools. */
export function parseHandshakeLine(line: string): HandshakeLine {
  const parts = line.trim().split('|');
  if (parts.length < 4) throw new Error(`Unrecognized remote plugin message: ${line.trim()}`);
  const [core, proto, network, address, protocol = 'netrpc', cert = ''] = parts;
  if (network !== 'tcp' && network !== 'unix') throw new Error(`unknown network type "${network}" in handshake`);
  if (protocol !== 'grpc') throw new Error(`Unsupported plugin protocol "${protocol}". Supported: [grpc]`);
  return {
    coreVersion: Number(core),
    protocolVersion: Number(proto),
    network,
    address: address ?? '',
    protocol,
    ...(cert.length > 50 ? { serverCertDer: Buffer.from(cert, 'base64') } : {}),
  };
}
