// bin/ai-gateway: the local Kong-compatible AI gateway (see src/gateway/cli).
import { HELP, parseOptions, runGateway, runMigrationsCommand } from '../gateway/cli/index.js';
import { runExplainCommand } from '../gateway/explain/index.js';

const argv = process.argv.slice(2);
const parsed = argv[0] === 'explain' ? ({ explain: true } as const) : argv[0] === 'migrations' ? ({ migrations: true } as const) : parseOptions(argv, process.env);
if ('migrations' in parsed) {
  process.exitCode = await runMigrationsCommand(argv.slice(1), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env });
} else if ('explain' in parsed) {
  process.exitCode = await runExplainCommand(argv.slice(1), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env });
} else if ('error' in parsed) {
  process.stderr.write(`ai-gateway: ${parsed.error}\nRun ai-gateway --help for usage.\n`);
  process.exit(2);
} else if (parsed.help) {
  process.stdout.write(`${HELP}\n`);
} else {
  runGateway(parsed.options).catch((err: Error) => {
    process.stderr.write(`ai-gateway: ${err.message}\n`);
    process.exit(1);
  });
}
