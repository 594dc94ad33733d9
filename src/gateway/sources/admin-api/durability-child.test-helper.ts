// Test helper process for the durability test: an Admin API on a free port over LMDB in the
// directory given as the first argument. Killed with SIGKILL by the test.
import { AdminApiSource } from './index.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: durability-child DATA_DIR');
const source = new AdminApiSource({ listen: '127.0.0.1:0', dataDir: dir });
await source.start({ onSnapshot: () => {}, onError: (e) => console.error(e.message) });
