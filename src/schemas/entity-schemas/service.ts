// The Service entity's table (Kong's services schema, as the official provider describes it).
import { arr, bool, el, foreign, int, rec, str } from '../kong-schema/index.js';
import { createdAt, idField, tagsField, updatedAt } from './common.js';

export const SERVICE_PROTOCOLS = ['grpc', 'grpcs', 'http', 'https', 'tcp', 'tls', 'tls_passthrough', 'udp', 'ws', 'wss'] as const;

const timeout = (name: string, what: string) =>
  int(name, {
    default: 60000,
    between: [1, 2147483646],
    description: `The timeout in milliseconds ${what}. Default: 60000`,
  });

export const serviceFields = [
  idField,
  createdAt,
  updatedAt,
  str('name', { description: 'The Service name.' }),
  int('retries', { default: 5, between: [0, 32767], description: 'The number of retries to execute upon failure to proxy. Default: 5' }),
  str('protocol', {
    required: true,
    enum: SERVICE_PROTOCOLS,
    default: 'http',
    description:
      'The protocol used to communicate with the upstream. possible known values include one of ["grpc", "grpcs", "http", "https", "tcp", "tls", "tls_passthrough", "udp", "ws", "wss"]; Default: "http"',
  }),
  str('host', { required: true, description: 'The host of the upstream server. Note that the host value is case sensitive.' }),
  int('port', { required: true, default: 80, between: [0, 65535], description: 'The upstream server port. Default: 80' }),
  str('path', { startsWith: '/', description: 'The path to be used in requests to the upstream server.' }),
  timeout('connect_timeout', 'for establishing a connection to the upstream server'),
  timeout('write_timeout', 'between two successive write operations for transmitting a request to the upstream server'),
  timeout('read_timeout', 'between two successive read operations for transmitting a request to the upstream server'),
  tagsField('Service'),
  foreign('client_certificate', {
    description: 'Certificate to be used as client certificate while TLS handshaking to the upstream server.',
  }),
  bool('tls_verify', {
    description:
      'Whether to enable verification of upstream server TLS certificate. If set to `null`, then the Nginx default is respected.',
  }),
  int('tls_verify_depth', {
    between: [0, 64],
    description:
      "Maximum depth of chain while verifying Upstream server's TLS certificate. If set to `null`, then the Nginx default is respected.",
  }),
  arr('ca_certificates', el.str({ typedef: 'uuid' }), {
    description:
      "Array of `CA Certificate` object UUIDs that are used to build the trust store while verifying upstream server's TLS certificate. If set to `null` when Nginx default is respected. If default CA list in Nginx are not specified and TLS verification is enabled, then handshake with upstream server will always fail (because no CA are trusted).",
  }),
  rec(
    'tls_sans',
    [
      arr('dnsnames', el.str(), { description: 'A dnsName for TLS verification.' }),
      arr('uris', el.str(), { description: 'An URI for TLS verification.' }),
    ] as const,
    {
      description:
        "Additional Subject Alternative Names that can be matched on Upstream server's TLS certificate (in addition to `host`).",
    },
  ),
  bool('enabled', {
    required: true,
    default: true,
    description:
      'Whether the Service is active. If set to `false`, the proxy behavior will be as if any routes attached to it do not exist (404). Default: `true`. Default: true',
  }),
] as const;
