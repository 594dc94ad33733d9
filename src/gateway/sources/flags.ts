// The configuration-source flags of `ai-gateway` (serve and explain) → one ConfigSource:
//   --config kong.yaml                                   decK file
//   --kic PATH                                           KIC manifests (file or directory)
//   --konnect-url URL --konnect-token T --control-plane NAME_OR_ID [--poll-interval 5s]
//                                                        Konnect; the token also from KONNECT_TOKEN
//   --admin-listen HOST:PORT [--data DIR | --in-memory]   the gateway's own Admin API
// Exactly one source is chosen. Flags this file does not know are returned in `rest`.
// Mistakes come back as `error`, naming the flag and what to do; the token is never echoed.
import type { ConfigSource } from '../config/snapshot.js';
import { AdminApiSource } from './admin-api/index.js';
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
};

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

export function sourceFromFlags(flags: SourceFlags, ctx: SourceContext): { source: ConfigSource } | { error: string } {
  const konnect = flags.konnectUrl !== undefined || flags.controlPlane !== undefined;
  const admin = flags.adminListen !== undefined || flags.dataDir !== undefined || flags.inMemory === true;
  const chosen = [flags.config !== undefined && '--config', flags.kic !== undefined && '--kic', konnect && '--konnect-url', admin && '--admin-listen'].filter(
    (x): x is string => typeof x === 'string',
  );
  if (chosen.length === 0)
    return { error: 'no configuration source: pass one of --config kong.yaml, --kic PATH, --konnect-url URL --control-plane NAME_OR_ID, or --admin-listen 127.0.0.1:8001' };
  if (chosen.length > 1) return { error: `choose one configuration source, not ${chosen.join(' and ')}` };
  try {
    if (flags.config !== undefined) return { source: new DeckSource(flags.config, { env: ctx.env, ...(ctx.forExplain ? { watchIntervalMs: 0 } : {}) }) };
    if (flags.kic !== undefined) return { source: new KicSource({ path: flags.kic, log: ctx.log, watch: !ctx.forExplain }) };
    if (konnect) {
      if (!flags.konnectUrl) return { error: '--control-plane needs --konnect-url (e.g. https://us.api.konghq.com, or the mock Konnect URL)' };
      if (!flags.controlPlane) return { error: '--konnect-url needs --control-plane NAME_OR_ID' };
      const token = flags.konnectToken ?? ctx.env['KONNECT_TOKEN'];
      if (!token) return { error: 'Konnect needs a token: pass --konnect-token or set KONNECT_TOKEN' };
      return {
        source: new KonnectSource({
          serverUrl: flags.konnectUrl,
          token,
          controlPlane: flags.controlPlane,
          log: ctx.log,
          ...(flags.pollIntervalMs !== undefined ? { pollIntervalMs: flags.pollIntervalMs } : {}),
        }),
      };
    }
    if (flags.inMemory && flags.dataDir) return { error: 'choose --data DIR or --in-memory, not both' };
    return {
      source: new AdminApiSource({
        listen: ctx.forExplain ? '127.0.0.1:0' : (flags.adminListen ?? '127.0.0.1:8001'),
        ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
        ...(flags.inMemory ? { inMemory: true } : {}),
        log: ctx.log,
        announce: ctx.forExplain ? () => {} : (ctx.announce ?? ((l: string) => console.log(l))),
      }),
    };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** What /status shows about the source: its own status object when it has one (Konnect). */
export function sourceStatus(source: ConfigSource): unknown {
  const withStatus = source as ConfigSource & { status?: () => unknown };
  return typeof withStatus.status === 'function' ? withStatus.status() : { source: source.origin.kind, location: source.origin.location };
}
