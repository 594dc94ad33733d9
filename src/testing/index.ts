// testing/: helpers for tests only (never imported by src/ code). Shared by unit, protocol and
// acceptance tests; each helper kills what it starts by PID.
//
// Processes (processes.ts)
//   startProcess(cmd, args, {env, cwd})      → TestProcess: stdout()/stderr(), waitForLine(re), exited(), kill()
//   startServer(cmd, args, name, opts)       → waits for `<name> listening on http://HOST:PORT`, returns {process, url}
//   runCommand(cmd, args, {timeoutMs})       → {code, stdout, stderr, durationMs}; killed by PID on timeout
//   killStartedProcesses()                   → in an `after` hook: SIGKILL whatever is still running
//
// Terraform (terraform.ts)
//   findTerraform()                          → $TERRAFORM, /usr/local/bin/terraform or PATH; undefined if absent
//   terraformSkipReason()                    → for test({ skip }): loud skip, or throws with REQUIRE_TERRAFORM=1
//   installProvider(dir)                     → runs scripts/install-provider.ts --dir <dir>; returns TF_CLI_CONFIG_FILE
//   terraformWorkdir(cliConfig, files)       → temp dir with files; .terraform(args) runs terraform there
//   terraformEnv(cliConfig, extra)           → env with TF_CLI_CONFIG_FILE, CHECKPOINT_DISABLE=1, no TF_LOG*
//   tempDir(prefix), REPO_ROOT
//
// Redis (redis.ts)
//   findRedisServer(), redisSkipReason()     → loud skip, or throws with REQUIRE_SERVICES=1
//   servicesSkipReason(what, binary, pkg)    → the same rule for any server binary (PostgreSQL next)
//   startRedis()                             → redis-server on a free port, temp dir, no persistence: stop()/start()/close() by PID
//   freePort()
//
// Seed (seed.ts)
//   seedProviderConfig()                     → the seed's terraform { required_providers } + provider "konnect" blocks
//
// Lost answers (lossy-proxy.ts)
//   startLossyProxy(upstream)                → HTTP proxy that can drop answers after the upstream acted, or go down
//   startConnectProxy(route?)                → forward proxy (CONNECT + absolute-form) counting what it carried (connect-proxy.ts)
//
// Plugin configurations (plugin-configs.ts)
//   minimalPluginConfig(table)               → the required attributes of a generated plugin, valid at the mock
//   hcl(value)                               → a plain value as a Terraform expression
//
// Provider binary (provider-process.ts)
//   PROVIDER_BIN, handshakeEnv(clientCert)   → the environment Terraform gives a provider
//   terraformClientCertificate()             → ECDSA P-521 self-signed, like go-plugin's client
//   launchProvider(env, args)                → {process, handshake, handshakeText}
//   connectProvider(handshake, clientCert?)  → grpc-js clients (provider, controller, health) + call()
export * from './processes.js';
export * from './terraform.js';
export * from './provider-process.js';
export * from './seed.js';
export * from './redis.js';
export * from './lossy-proxy.js';
export * from './connect-proxy.js';
export * from './plugin-configs.js';
export { mulberry32 } from './seeded-random.js';
