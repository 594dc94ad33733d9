// `ai-gateway migrations up|list --database postgres [--pg-host … --pg-port … --pg-user …
// --pg-password … --pg-database …]` (or KONG_PG_*): create or upgrade the PostgreSQL schema the
// Admin API keeps its entities in (idempotent; several nodes may run it at once), or list the
// migrations and whether each is applied. The password is never printed.
import { listMigrations, migrateUp, PgStoreError } from '../../kong-entities/index.js';
import { databaseSettings, parseSourceFlags } from '../sources/flags.js';
import { startupError } from '../sources/admin-api/postgres.js';

export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

const USAGE = 'usage: ai-gateway migrations up|list --database postgres [--pg-host H] [--pg-port P] [--pg-user U] [--pg-password PW] [--pg-database D]';

export async function runMigrationsCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb !== 'up' && verb !== 'list') {
    io.err(`ai-gateway migrations: ${verb === undefined ? 'say up or list' : `unknown command '${verb}'`}\n${USAGE}\n`);
    return 2;
  }
  const parsed = parseSourceFlags(rest);
  if ('error' in parsed) return usage(io, parsed.error);
  if (parsed.rest.length) return usage(io, `unknown argument '${parsed.rest[0]}'`);
  const db = databaseSettings(parsed.flags, io.env);
  if ('error' in db) return usage(io, db.error);
  if (!db.settings) return usage(io, 'migrations need --database postgres (or KONG_DATABASE=postgres); LMDB needs none');
  const pg = db.settings.pg;
  try {
    if (verb === 'up') {
      const applied = await migrateUp(pg);
      io.out(applied.length ? applied.map((n) => `migrations: applied ${n}\n`).join('') : 'migrations: the database is up to date\n');
      return 0;
    }
    const states = await listMigrations(pg);
    for (const m of states) io.out(`${m.name}  ${m.appliedAt ? `applied ${m.appliedAt.toISOString()}` : 'pending (run: ai-gateway migrations up)'}\n`);
    return states.every((m) => m.appliedAt) ? 0 : 3;
  } catch (e) {
    const err = e instanceof PgStoreError && e.code === 'not_migrated' ? e : startupError(e, pg);
    io.err(`ai-gateway migrations: ${err.message}\n`);
    return 1;
  }
}

function usage(io: CommandIo, message: string): number {
  io.err(`ai-gateway migrations: ${message}\n${USAGE}\n`);
  return 2;
}
