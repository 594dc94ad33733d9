// The configuration-source flags of `ai-gateway` (serve and explain) → one ConfigSource:
//   --config kong.yaml                                   decK file
//   --kic PATH                                           KIC manifests (file or directory)
//   --konnect-url URL --konnect-token T --control-plane NAME_OR_ID [--poll-interval 5s]
//                                                        Konnect; the token also from KONNECT_TOKEN
//   --admin-listen HOST:PORT|off [--data DIR | --in-memory]   the gateway's own Admin API
//     [--database postgres --pg-host H --pg-port P --pg-user U --pg-password PW --pg-database D
//      --pg-timeout 5000 --db-update-frequency 5 --db-notify on|off]   …on PostgreSQL, shared
//     by every node on the database (Kong's names; KONG_DATABASE, KONG_PG_* and
//     KONG_DB_UPDATE_FREQUENCY too)
// Exactly one source is chosen. Flags this file does not know are returned in `rest`.
// Mistakes come back as `error`, naming the flag and what to do; no secret is ever echoed.
import type { PgOptions } from '../../kong-entities/index.js';
import type { ConfigSnapshot, ConfigSource, SnapshotOrigin } from '../config/snapshot.js';
import { AdminApiSource, parseListen } from './admin-api/index.js';
import { DeckSource } from './deck/index.js';
import { KicSource } from './kic/index.js';
import { KonnectSource } from './konnect/index.js';

export interface SourceFlags {
  readonly config?: string;
  readonly kic?: string;
  readonly konnectUrl?: string;
  readonly konnectToken?: string;
  readonly controlPlane?: string;
  readonly pollIntervalMs?: number;
  readonly adminListen?: string;
  readonly dataDir?: string;
  readonly inMemory?: boolean;
  readonly database?: string;
  readonly pgHost?: string;
  readonly pgPort?: string;
  readonly pgUser?: string;
  readonly pgPassword?: string;
  readonly pgDatabase?: string;
  readonly pgTimeout?: string;
  readonly dbUpdateFrequency?: string;
  readonly dbNotify?: string;
}

const VALUE_FLAGS: Record<string, keyof SourceFlags> = {
  '--config': 'config',
  '--kic': 'kic',
  '--konnect-url': 'konnectUrl',
  '--konnect-token': 'konnectToken',
  '--control-plane': 'controlPlane',
  '--poll-interval': 'pollIntervalMs',
  '--admin-listen': 'adminListen',
  '--data': 'dataDir',
  '--database': 'database',
  '--pg-host': 'pgHost',
  '--pg-port': 'pgPort',
  '--pg-user': 'pgUser',
  '--pg-password': 'pgPassword',
  '--pg-database': 'pgDatabase',
  '--pg-timeout': 'pgTimeout',
  '--db-update-frequency': 'dbUpdateFrequency',
  '--db-notify': 'dbNotify',
};

/** Each database flag's Kong environment variable (read when the flag is absent). */
const DB_ENV: Partial<Record<keyof SourceFlags, string>> = {
  database: 'KONG_DATABASE',
  pgHost: 'KONG_PG_HOST',
  pgPort: 'KONG_PG_PORT',
  pgUser: 'KONG_PG_USER',
  pgPassword: 'KONG_PG_PASSWORD',
  pgDatabase: 'KONG_PG_DATABASE',
  pgTimeout: 'KONG_PG_TIMEOUT',
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
  const pgGiven = (['pgHost', 'pgPort', 'pgUser', 'pgPassword', 'pgDatabase', 'pgTimeout', 'dbUpdateFrequency', 'dbNotify'] as const).filter((k) => flags[k] !== undefined);
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
      },
      updateFrequencyMs: freq,
      notify: notify === 'on',
    },
  };
}

/** "5s", "500ms", "2m" or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = text.trim().match(/^(\d+(?:\.\d+)?)(ms|s|m)?$/);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}

export function parseSourceFlags(argv: readonly string[]): { flags: SourceFlags; rest: string[] } | { error: string } {
  const flags: Record<string, unknown> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--in-memory') {
      flags['inMemory'] = true;
      continue;
    }
    const key = VALUE_FLAGS[name];
    if (!key) {
      rest.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) return { error: `${name} needs a value` };
    if (key === 'pollIntervalMs') {
      const ms = parseDuration(value);
      if (ms === undefined || ms < 100) return { error: `--poll-interval must be a duration of at least 100ms, e.g. 5s or 500ms (got '${value}')` };
      flags[key] = ms;
    } else flags[key] = value;
  }
  return { flags: flags as SourceFlags, rest };
}

export interface SourceContext {
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  /** Where listener lines go (`admin-api listening on …`); default stdout. */
  readonly announce?: (line: string) => void;
  /** `explain` reads the Admin API's store without listening. */
  readonly forExplain?: boolean;
}

/**
 * How to run the chosen source. `placement` is where it runs under --workers N: `primary` — once,
 * in the primary, which sends every snapshot to the workers (the Admin API: one listener and one
 * writer; Konnect: one poller; KIC: one watcher, and standard input can be read once); `each` —
 * in every worker, starting from the snapshot the primary read first (decK: each watches the file).
 */
export interface SourcePlan {
  readonly kind: SnapshotOrigin['kind'];
  readonly placement: 'primary' | 'each';
  create(initial?: ConfigSnapshot): ConfigSource;
}

export function sourceFromFlags(flags: SourceFlags, ctx: SourceContext): { source: ConfigSource } | { error: string } {
  const planned = planSource(flags, ctx);
  if ('error' in planned) return planned;
  try {
    return { source: planned.plan.create() };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

export function planSource(flags: SourceFlags, ctx: SourceContext): { plan: SourcePlan } | { error: string } {
  const konnect = flags.konnectUrl !== undefined || flags.controlPlane !== undefined;
  const db = databaseSettings(flags, ctx.env);
  if ('error' in db) return db;
  const admin = flags.adminListen !== undefined || flags.dataDir !== undefined || flags.inMemory === true || flags.database !== undefined;
  const chosen = [flags.config !== undefined && '--config', flags.kic !== undefined && '--kic', konnect && '--konnect-url', admin && '--admin-listen'].filter(
    (x): x is string => typeof x === 'string',
  );
  if (chosen.length === 0)
    return { error: 'no configuration source: pass one of --config kong.yaml, --kic PATH, --konnect-url URL --control-plane NAME_OR_ID, or --admin-listen 127.0.0.1:8001' };
  if (chosen.length > 1) return { error: `choose one configuration source, not ${chosen.join(' and ')}` };
  const plan = (kind: SourcePlan['kind'], create: SourcePlan['create'], placement: SourcePlan['placement'] = 'primary') => ({ plan: { kind, placement, create } });
  {
    if (flags.config !== undefined) {
      const path = flags.config;
      return plan('deck', (initial) => new DeckSource(path, { env: ctx.env, ...(ctx.forExplain ? { watchIntervalMs: 0 } : {}), ...(initial ? { initial } : {}) }), 'each');
    }
    if (flags.kic !== undefined) {
      const path = flags.kic;
      return plan('kic', () => new KicSource({ path, log: ctx.log, watch: !ctx.forExplain }));
    }
    if (konnect) {
      if (!flags.konnectUrl) return { error: '--control-plane needs --konnect-url (e.g. https://us.api.konghq.com, or the mock Konnect URL)' };
      if (!flags.controlPlane) return { error: '--konnect-url needs --control-plane NAME_OR_ID' };
      const token = flags.konnectToken ?? ctx.env['KONNECT_TOKEN'];
      if (!token) return { error: 'Konnect needs a token: pass --konnect-token or set KONNECT_TOKEN' };
      const { konnectUrl, controlPlane, pollIntervalMs } = flags;
      return plan('konnect', () =>
        new KonnectSource({ serverUrl: konnectUrl, token, controlPlane, log: ctx.log, ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}) }),
      );
    }
    const chosenStores = [flags.dataDir !== undefined && '--data DIR', flags.inMemory && '--in-memory', db.settings && '--database postgres'].filter(Boolean);
    if (chosenStores.length > 1) return { error: `choose one store for the Admin API: ${chosenStores.join(' or ')}, not both` };
    const listen = ctx.forExplain ? 'off' : (flags.adminListen ?? '127.0.0.1:8001');
    if (listen !== 'off') {
      const parsed = parseListen(listen);
      if ('error' in parsed) return parsed;
    }
    const settings = db.settings;
    return plan('admin-api', () =>
      new AdminApiSource({
        listen,
        ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
        ...(flags.inMemory ? { inMemory: true } : {}),
        ...(settings ? { postgres: settings } : {}),
        log: ctx.log,
        announce: ctx.forExplain ? () => {} : (ctx.announce ?? ((l: string) => console.log(l))),
      }),
    );
  }
}

/** What /status shows about the source: its own status when it has one (Konnect, the Admin API), else its origin. */
export function sourceStatus(source: ConfigSource): unknown {
  return source.status?.() ?? { source: source.origin.kind, location: source.origin.location };
}
