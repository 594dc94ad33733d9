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
import type { ConfigSnapshot, ConfigSource, SnapshotOrigin } from '../config/snapshot.js';
import { AdminApiSource, parseListen } from './admin-api/index.js';
import { databaseSettings } from './database-flags.js';
import { parseDuration } from './duration.js';
import { DeckSource } from './deck/index.js';
import { KicSource } from './kic/index.js';
import { KonnectSource } from './konnect/index.js';

export { databaseSettings, type DatabaseSettings } from './database-flags.js';
export { parseDuration } from './duration.js';

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
  readonly pgSsl?: string;
  readonly pgSslVerify?: string;
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
  '--pg-ssl': 'pgSsl',
  '--pg-ssl-verify': 'pgSslVerify',
  '--db-update-frequency': 'dbUpdateFrequency',
  '--db-notify': 'dbNotify',
};

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
