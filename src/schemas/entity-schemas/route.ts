// The Route entity's table and its entity checks (Kong's routes schema).
import type { EntityCheck } from '../kong-schema/index.js';
import { arr, bool, el, foreign, int, map, str } from '../kong-schema/index.js';
import { createdAt, idField, tagsField, updatedAt } from './common.js';

export const ROUTE_PROTOCOLS = ['grpc', 'grpcs', 'http', 'https', 'tcp', 'tls', 'tls_passthrough', 'udp', 'ws', 'wss'] as const;

const endpoint = (name: string, what: string) =>
  arr(
    name,
    el.rec([
      str('ip', {
        description: 'A string representing an IP address or CIDR block, such as 192.168.1.1 or 192.168.0.0/16.',
      }),
      int('port', {
        between: [0, 65535],
        description: 'An integer representing a port number between 0 and 65535, inclusive.',
      }),
    ] as const),
    {
      description: `A list of IP ${what} of incoming connections that match this Route when using stream routing. Each entry is an object with fields "ip" (optionally in CIDR range notation) and/or "port".`,
    },
  );

export const routeFields = [
  idField,
  createdAt,
  updatedAt,
  str('name', {
    description:
      'The name of the Route. Route names must be unique, and they are case sensitive. For example, there can be two different Routes named "test" and "Test".',
  }),
  arr('protocols', el.str({ enum: ROUTE_PROTOCOLS }), {
    required: true,
    default: ['http', 'https'],
    description:
      'An array of the protocols this Route should allow. See the [Route Object](#route-object) section for a list of accepted protocols. When set to only `"https"`, HTTP requests are answered with an upgrade error. When set to only `"http"`, HTTPS requests are answered with an error. Default: ["http","https"]',
  }),
  arr('methods', el.str(), { description: 'A list of HTTP methods that match this Route.' }),
  arr('hosts', el.str(), { description: 'A list of domain names that match this Route. Note that the hosts value is case sensitive.' }),
  arr('paths', el.str(), { description: 'A list of paths that match this Route.' }),
  map('headers', el.str(), el.arr(el.str()), {
    description:
      'One or more lists of values indexed by header name that will cause this Route to match if present in the request. The `Host` header cannot be used with this attribute: hosts should be specified using the `hosts` attribute. When `headers` contains only one value and that value starts with the special prefix `~*`, the value is interpreted as a regular expression.',
  }),
  int('https_redirect_status_code', {
    required: true,
    enum: [426, 301, 302, 307, 308],
    default: 426,
    description:
      'The status code Kong responds with when all properties of a Route match except the protocol i.e. if the protocol of the request is `HTTP` instead of `HTTPS`. `Location` header is injected by Kong if the field is set to 301, 302, 307 or 308. Note: This config applies only if the Route is configured to only accept the `https` protocol. possible known values include one of [301, 302, 307, 308, 426]; Default: 426',
  }),
  int('regex_priority', {
    default: 0,
    description:
      'A number used to choose which route resolves a given request when several routes match it using regexes simultaneously. When two routes match the path and have the same `regex_priority`, the older one (lowest `created_at`) is used. Note that the priority for non-regex routes is different (longer non-regex routes are matched before shorter ones). Default: 0',
  }),
  bool('strip_path', {
    required: true,
    default: true,
    description:
      'When matching a Route via one of the `paths`, strip the matching prefix from the upstream request URL. Default: true',
  }),
  str('path_handling', {
    enum: ['v0', 'v1'],
    default: 'v0',
    description:
      'Controls how the Service path, Route path and requested path are combined when sending a request to the upstream. See above for a detailed description of each behavior. possible known values include one of ["v0", "v1"]; Default: "v0"',
  }),
  bool('preserve_host', {
    required: true,
    default: false,
    description:
      "When matching a Route via one of the `hosts` domain names, use the request `Host` header in the upstream request headers. If set to `false`, the upstream `Host` header will be that of the Service's `host`. Default: false",
  }),
  bool('request_buffering', {
    required: true,
    default: true,
    description:
      'Whether to enable request body buffering or not. With HTTP 1.1, it may make sense to turn this off on services that receive data with chunked transfer encoding. Default: true',
  }),
  bool('response_buffering', {
    required: true,
    default: true,
    description:
      'Whether to enable response body buffering or not. With HTTP 1.1, it may make sense to turn this off on services that send data with chunked transfer encoding. Default: true',
  }),
  arr('snis', el.str(), { description: 'A list of SNIs that match this Route when using stream routing.' }),
  endpoint('sources', 'sources'),
  endpoint('destinations', 'destinations'),
  tagsField('Route'),
  foreign('service', {
    description: 'The Service this Route is associated to. This is where the Route proxies traffic to.',
  }),
] as const;

const nonEmpty = (v: unknown) =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

const HTTPS_ONLY = new Set(['https', 'grpcs']);
const HTTP_LIKE = new Set(['http', 'https', 'grpc', 'grpcs', 'ws', 'wss']);

/** Kong's "must set one of … when 'protocols' is 'http'/'https'" rules. */
export const routeChecks: readonly EntityCheck[] = [
  {
    kind: 'custom',
    fields: ['protocols', 'methods', 'hosts', 'headers', 'paths', 'snis'],
    check: (route) => {
      const protocols = Array.isArray(route.protocols) ? (route.protocols as string[]) : [];
      if (protocols.length === 0 || !protocols.every((p) => HTTP_LIKE.has(p))) return undefined;
      const httpsOnly = protocols.every((p) => HTTPS_ONLY.has(p));
      const fields = httpsOnly ? ['methods', 'hosts', 'headers', 'paths', 'snis'] : ['methods', 'hosts', 'headers', 'paths'];
      if (fields.some((f) => nonEmpty(route[f]))) return undefined;
      const quoted = fields.map((f) => `'${f}'`).join(', ');
      return `must set one of ${quoted} when 'protocols' is '${httpsOnly ? 'https' : 'http'}'`;
    },
  },
];
