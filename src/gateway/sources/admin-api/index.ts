// sources/admin-api/: the gateway's own Kong-compatible Admin API (127.0.0.1:8001 by default) as
// a configuration source — Kong's entity endpoints from the shared engine in src/kong-entities,
// durable in LMDB under --data, every acknowledged write applied as a new snapshot at once.
export { AdminApiSource, defaultAdminDataDir, parseListen, type AdminApiSourceOptions } from './source.js';
export { snapshotFromEngine } from './snapshot.js';
