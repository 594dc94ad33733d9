// `ai-gateway explain …` end to end: read the flags, load the configuration once from the
// chosen source (no watching, no polling, the Admin API's store read without listening),
// print the report. Returns the exit code; output goes through the given writers.
import { parseSourceFlags, sourceFromFlags } from '../sources/flags.js';
import { parseExplainArgs, renderExplain } from './cli.js';

export async function runExplainCommand(
  argv: readonly string[],
  io: { out: (text: string) => void; err: (text: string) => void; env: NodeJS.ProcessEnv },
): Promise<number> {
  const args = parseExplainArgs(argv);
  if ('error' in args) {
    io.err(`ai-gateway explain: ${args.error}\n`);
    return 2;
  }
  const flags = parseSourceFlags(args.rest);
  if ('error' in flags) {
    io.err(`ai-gateway explain: ${flags.error}\n`);
    return 2;
  }
  if (flags.rest.length) {
    io.err(`ai-gateway explain: unknown argument '${flags.rest[0]}'; see ai-gateway --help\n`);
    return 2;
  }
  const built = sourceFromFlags(flags.flags, { env: io.env, log: (l) => io.err(`${l}\n`), forExplain: true });
  if ('error' in built) {
    io.err(`ai-gateway explain: ${built.error}\n`);
    return 2;
  }
  try {
    const snapshot = await built.source.start({ onSnapshot: () => {}, onError: () => {} });
    io.out(`${renderExplain(snapshot, args)}\n`);
    return 0;
  } catch (e) {
    io.err(`ai-gateway explain: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await built.source.stop();
  }
}
