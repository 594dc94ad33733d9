// bin/mock-konnect: the mock Konnect API. See --help (src/mock-konnect/options.ts).
import { LmdbStore, MemoryStore } from '../kong-entities/index.js';
import { HELP, MockKonnect, parseCli } from '../mock-konnect/index.js';

const parsed = parseCli(process.argv.slice(2));
if (!parsed.ok) {
  if (parsed.help) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  process.stderr.write(`mock-konnect: ${parsed.error}\n`);
  process.exit(2);
}
const o = parsed.options;
let store;
try {
  store = o.dataDir ? new LmdbStore(o.dataDir) : new MemoryStore();
} catch (err) {
  process.stderr.write(`mock-konnect: cannot open the data directory ${o.dataDir}: ${(err as Error).message}; pass --data DIR or --in-memory\n`);
  process.exit(1);
}
const mock = new MockKonnect({ store, tokens: o.tokens, failRate: o.failRate, failStatus: o.failStatus, latencyMs: o.latencyMs });
try {
  const url = await mock.listen(o.host, o.port);
  process.stdout.write(`mock-konnect listening on ${url}\n`);
} catch (err) {
  process.stderr.write(`mock-konnect: cannot listen on ${o.host}:${o.port}: ${(err as Error).message}; pick another --listen\n`);
  process.exit(1);
}
const stop = () => void mock.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
