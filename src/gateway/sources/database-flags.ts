// `--database postgres` and its `--pg-*` flags (Kong's names), each falling back to Kong's
// environment variable (KONG_DATABASE, KONG_PG_*, KONG_DB_UPDATE_FREQUENCY) and then to Kong's
// default. Errors name the flag; the password is never echoed.
import type { PgOptions } from '../../kong-entities/index.js';
import { parseDuration } from './duration.js';
import type { SourceFlags } from './flags.js';

/** Each database flag's Kong environment variable (read when the flag is absent). */
const DB_ENV: Partial<Record<keyof SourceFlags, string>> = {
  database: 'KONG_DATABASE',
  pgHost: 'KONG_PG_HOST',
  pgPort: 'KONG_PG_PORT',
  pgUser: 'KONG_PG_USER',
  pgPassword: 'KONG_PG_PASSWORD',
  pgDatabase: 'KONG_PG_DATABASE',
  pgTimeout: 'KONG_PG_TIMEOUT',
  pgSsl: 'KONG_PG_SSL',
  pgSslVerify: 'KONG_PG_SSL_VERIFY',
  dbUpdateFrequency: 'KONG_DB_UPDATE_FREQUENCY',
};

export interface DatabaseSettings {
  readonly pg: PgOptions;
  readonly updateFrequencyMs: number;
  readonly notify: boolean;
}

/**
 * `--database postgres` and its `--pg-*` flags (else KONG_* variables, else Kong's defaults) →
 * connection settings; undefined when no database is chosen (LMDB). Errors name the flag.
 */
export function databaseSettings(flags: SourceFlags, env: NodeJS.ProcessEnv): { settings: DatabaseSettings | undefined } | { error: string } {
  const get = (k: keyof SourceFlags): string | undefined => (flags[k] as string | undefined) ?? (DB_ENV[k] ? env[DB_ENV[k]!] : undefined);
  const database = get('database');
  const pgGiven = (['pgHost', 'pgPort', 'pgUser', 'pgPassword', 'pgDatabase', 'pgTimeout', 'pgSsl', 'pgSslVerify', 'dbUpdateFrequency', 'dbNotify'] as const).filter((k) => flags[k] !== undefined);
  if (database === undefined || database === 'lmdb') {
    if (pgGiven.length) return { error: `--${pgGiven[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --database postgres (or KONG_DATABASE=postgres)` };
    return { settings: undefined };
  }
  if (database !== 'postgres') return { error: `--database must be postgres (or lmdb, the default when it is absent), got '${database}'` };
  const port = Number(get('pgPort') ?? '5432');
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `--pg-port must be a port number from 1 to 65535, got '${get('pgPort')}'` };
  const timeout = Number(get('pgTimeout') ?? '5000');
  if (!Number.isInteger(timeout) || timeout < 100) return { error: `--pg-timeout must be whole milliseconds, at least 100 (Kong's pg_timeout), got '${get('pgTimeout')}'` };
  const freqText = get('dbUpdateFrequency') ?? '5';
  const freq = parseDuration(freqText);
  if (freq === undefined || freq < 50) return { error: `--db-update-frequency must be a duration of at least 50ms, e.g. 5 (seconds, as Kong's db_update_frequency), 1s or 500ms (got '${freqText}')` };
  const notify = flags.dbNotify ?? env['AI_GATEWAY_DB_NOTIFY'] ?? 'on';
  if (notify !== 'on' && notify !== 'off') return { error: `--db-notify must be on or off, got '${notify}'` };
  const onOff = (k: 'pgSsl' | 'pgSslVerify', flag: string): boolean | string => {
    const v = get(k) ?? 'off';
    return v === 'on' ? true : v === 'off' ? false : `${flag} must be on or off, got '${v}'`;
  };
  const ssl = onOff('pgSsl', '--pg-ssl');
  const verify = onOff('pgSslVerify', '--pg-ssl-verify');
  if (typeof ssl === 'string') return { error: ssl };
  if (typeof verify === 'string') return { error: verify };
  if (verify && !ssl) return { error: '--pg-ssl-verify on needs --pg-ssl on (KONG_PG_SSL=on)' };
  const password = get('pgPassword');
  return {
    settings: {
      pg: {
        host: get('pgHost') ?? '127.0.0.1',
        port,
        user: get('pgUser') ?? 'kong',
        ...(password !== undefined ? { password } : {}),
        database: get('pgDatabase') ?? 'kong',
        timeoutMs: timeout,
        ...(ssl ? { ssl: { verify } } : {}),
      },
      updateFrequencyMs: freq,
      notify: notify === 'on',
    },
  };
}

