// bin/ai-gateway: the local Kong-compatible AI gateway (see src/gateway/cli).
import { HELP, parseOptions, runGateway } from '../gateway/cli/index.js';

const parsed = parseOptions(process.argv.slice(2), process.env);
if ('error' in parsed) {
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
