// Connecting to PostgreSQL (npm `pg`) with Kong's settings (pg_host, pg_port, pg_user,
// pg_password, pg_database, pg_timeout), and classifying what goes wrong into a stable code the
// caller turns into advice (the gateway names its flags). The password is never in a message.
import pg from 'pg';

export interface PgOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database: string;
  /** Connect and query timeout in milliseconds (Kong's pg_timeout, default 5000). */
  readonly timeoutMs?: number;
  /** TLS to the server (Kong's pg_ssl; required when set); `verify` checks its certificate against the trusted CAs (pg_ssl_verify). */
  readonly ssl?: { readonly verify: boolean };
}

export type PgFailureCode = 'unreachable' | 'auth' | 'no_database' | 'not_migrated' | 'timeout' | 'conflict' | 'tls' | 'other';

/** A database failure with a stable code; `message` never contains the password. */
export class PgStoreError extends Error {
  constructor(
    readonly code: PgFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'PgStoreError';
  }
}

export const describeTarget = (o: PgOptions): string => `PostgreSQL at ${o.host}:${o.port} (database ${o.database}, user ${o.user})`;

/** Any error from `pg` (or a socket) as a PgStoreError; the password cannot appear (pg never echoes it). */
export function classifyPgError(e: unknown, o: PgOptions): PgStoreError {
  if (e instanceof PgStoreError) return e;
  const err = e as { code?: string; message?: string };
  const code = err?.code;
  const msg = String(err?.message ?? e).replaceAll(o.password || '\u0000no-password', '***');
  const where = describeTarget(o);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ECONNRESET' || code === 'EAI_AGAIN' || code === '57P01' || code === '57P03')
    return new PgStoreError('unreachable', `cannot reach ${where}: ${msg}`);
  if (/certificate|self.signed|does not support SSL|SSL|TLS/i.test(msg) && !/^[0-9A-Z]{5}$/.test(code ?? '')) return new PgStoreError('tls', `TLS to ${where} failed: ${msg}`);
  if (/timeout|timed out/i.test(msg)) return new PgStoreError('timeout', `${where} did not answer in time: ${msg}`);
  if (/Connection terminated|connection.*(closed|ended)|not queryable/i.test(msg)) return new PgStoreError('unreachable', `lost the connection to ${where}: ${msg}`);
  if (code === '28P01' || code === '28000') return new PgStoreError('auth', `${where} refused the login: ${msg}`);
  if (code === '3D000') return new PgStoreError('no_database', `${where}: database ${o.database} does not exist`);
  if (code === '23503' || code === '23505') return new PgStoreError('conflict', `${where} refused the write: ${msg}`);
  if (code === '42P01') return new PgStoreError('not_migrated', `${where} has no ai-gateway schema (${msg})`);
  return new PgStoreError('other', `${where}: ${msg}`);
}

export function createPool(o: PgOptions, max = 4): pg.Pool {
  const timeout = o.timeoutMs ?? 5000;
  const pool = new pg.Pool({
    host: o.host,
    port: o.port,
    user: o.user,
    ...(o.password !== undefined ? { password: o.password } : {}),
    database: o.database,
    ssl: tlsOptions(o),
    max,
    connectionTimeoutMillis: timeout,
    query_timeout: timeout,
    idleTimeoutMillis: 30_000,
    application_name: 'ai-gateway',
  });
  // An idle client whose server went away: the pool drops it; the next query reports the outage.
  pool.on('error', () => undefined);
  // A client in use when its server goes away emits 'error' too (besides failing its query), and
  // the pool listens only while the client is idle: without a listener of its own that event
  // would crash the process. The failed query (or the next one: "not queryable") reports it,
  // and withClient destroys the client instead of returning it.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export function createClient(o: PgOptions): pg.Client {
  const timeout = o.timeoutMs ?? 5000;
  const client = new pg.Client({
    host: o.host,
    port: o.port,
    user: o.user,
    ...(o.password !== undefined ? { password: o.password } : {}),
    database: o.database,
    ssl: tlsOptions(o),
    connectionTimeoutMillis: timeout,
    application_name: 'ai-gateway',
  });
  return client;
}

/** pg's `ssl` option: off, or TLS required with or without checking the server's certificate (Node's trusted CAs plus NODE_EXTRA_CA_CERTS). */
function tlsOptions(o: PgOptions): false | { rejectUnauthorized: boolean } {
  return o.ssl ? { rejectUnauthorized: o.ssl.verify } : false;
}
