// Kong's key-auth plugin as a pure decision: given the request and a (defaults-filled)
// key-auth config, either identify the consumer — with what to strip from the upstream request
// when `hide_credentials` is on and the headers Kong sets upstream — or reject with Kong's 401.
// Kong's texts: "No API key found in request" (with `WWW-Authenticate: Key realm="kong"`),
// "Invalid authentication credentials", "Duplicate API key found".
import type { Consumer, KeyAuthCredential } from '../../schemas/entities.js';
import type { ConsumerIndex } from './consumer-index.js';

/** The key-auth fields this decision reads (defaults come from the key-auth schema). */
export interface KeyAuthConfig {
  readonly key_names: readonly string[];
  readonly hide_credentials: boolean;
  readonly key_in_header: boolean;
  readonly key_in_query: boolean;
  readonly key_in_body: boolean;
  readonly anonymous: string | null;
  readonly run_on_preflight: boolean;
  readonly realm?: string | null;
}

export interface KeyAuthRequest {
  readonly method: string;
  /** Header names in lower case (node's IncomingHttpHeaders); repeated headers as arrays. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly query: URLSearchParams;
  /** The parsed body, when `key_in_body` may need it (JSON object or form fields). */
  readonly body?: Readonly<Record<string, unknown>> | undefined;
}

export type KeyAuthOutcome =
  | {
      readonly ok: true;
      /** null when the plugin did not run (preflight) — nobody identified, nothing rejected. */
      readonly consumer: Consumer | null;
      readonly credential: KeyAuthCredential | null;
      readonly anonymous: boolean;
      /** Names to remove before proxying (hide_credentials). */
      readonly removeHeaders: readonly string[];
      readonly removeQuery: readonly string[];
      readonly removeBodyFields: readonly string[];
      /** Headers Kong sets upstream (X-Consumer-ID, …); a null value means clear it. */
      readonly upstreamHeaders: Readonly<Record<string, string | null>>;
    }
  | {
      readonly ok: false;
      readonly status: number;
      readonly body: { readonly message: string };
      readonly headers: Readonly<Record<string, string>>;
      /** For the log and explain; never contains the key. */
      readonly reason: string;
    };

const reject = (status: number, message: string, reason: string, headers: Record<string, string> = {}): KeyAuthOutcome => ({
  ok: false,
  status,
  body: { message },
  headers,
  reason,
});

function found(value: string | readonly string[] | undefined | null): string | readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && value.length === 1) return value[0];
  return value;
}

export function identifyByKeyAuth(req: KeyAuthRequest, conf: KeyAuthConfig, consumers: ConsumerIndex): KeyAuthOutcome {
  const skip: KeyAuthOutcome = {
    ok: true, consumer: null, credential: null, anonymous: false,
    removeHeaders: [], removeQuery: [], removeBodyFields: [], upstreamHeaders: {},
  };
  if (!conf.run_on_preflight && req.method.toUpperCase() === 'OPTIONS') return skip;

  let key: string | undefined;
  let failure: KeyAuthOutcome | undefined;
  const removeHeaders: string[] = [];
  const removeQuery: string[] = [];
  const removeBodyFields: string[] = [];
  for (const name of conf.key_names) {
    let v: string | readonly string[] | undefined;
    if (conf.key_in_header) v = found(req.headers[name.toLowerCase()]);
    if (v === undefined && conf.key_in_query) {
      const all = req.query.getAll(name);
      v = all.length === 0 ? undefined : all.length === 1 ? all[0] : all;
    }
    if (v === undefined && conf.key_in_body && req.body) {
      const b = req.body[name];
      v = typeof b === 'string' ? b : Array.isArray(b) ? (b as string[]) : undefined;
    }
    if (typeof v === 'string') {
      key = v;
      if (conf.hide_credentials) {
        removeHeaders.push(name.toLowerCase());
        removeQuery.push(name);
        if (conf.key_in_body) removeBodyFields.push(name);
      }
      break;
    }
    if (v !== undefined) {
      failure = reject(401, 'Duplicate API key found', `the key name '${name}' was sent more than once`);
      break;
    }
  }
  if (!failure && (key === undefined || key === '')) {
    failure = reject(401, 'No API key found in request', `no key in ${where(conf)} named ${conf.key_names.join(', ')}`, {
      'WWW-Authenticate': `Key realm="${conf.realm ?? 'kong'}"`,
    });
  }
  let hit: ReturnType<ConsumerIndex['byKey']>;
  if (!failure) {
    hit = consumers.byKey(key!);
    if (!hit) failure = reject(401, 'Invalid authentication credentials', 'the key matches no key-auth credential');
  }

  if (failure) {
    if (!conf.anonymous) return failure;
    const anonymous = consumers.consumer(conf.anonymous);
    if (!anonymous)
      return reject(500, 'An unexpected error occurred', `key-auth config.anonymous names consumer '${conf.anonymous}', which does not exist; create it or fix config.anonymous`);
    return { ok: true, consumer: anonymous, credential: null, anonymous: true, removeHeaders, removeQuery, removeBodyFields, upstreamHeaders: consumerHeaders(anonymous, null) };
  }
  return {
    ok: true, consumer: hit!.consumer, credential: hit!.credential, anonymous: false,
    removeHeaders, removeQuery, removeBodyFields, upstreamHeaders: consumerHeaders(hit!.consumer, hit!.credential),
  };
}

function where(conf: KeyAuthConfig): string {
  const places = [conf.key_in_header && 'headers', conf.key_in_query && 'query', conf.key_in_body && 'body'].filter(Boolean);
  return places.length ? places.join('/') : 'no enabled location';
}

/** The headers Kong's key-auth sets (or clears) on the upstream request. */
function consumerHeaders(consumer: Consumer, credential: KeyAuthCredential | null): Record<string, string | null> {
  return {
    'x-consumer-id': consumer.id,
    'x-consumer-custom-id': consumer.custom_id,
    'x-consumer-username': consumer.username,
    'x-credential-identifier': credential ? credential.id : null,
    'x-anonymous-consumer': credential ? null : 'true',
  };
}
