// The end of `make demo`: the total time and how to go on by hand in the working directory it
// leaves — the env file to source, the mock Konnect restarted on its port and data, terraform
// plan, and the servers to send traffic again. No token is printed (they stay in env.sh).
import { relative } from 'node:path';
import { seconds, type Output } from './output.js';
import { REPO_ROOT, type DemoPaths } from './paths.js';
import type { DemoProvider } from './providers.js';

/** A path as a person would type it from where `make demo` ran. */
export const shown = (p: string): string => {
  const r = relative(process.cwd(), p);
  return r === '' ? '.' : r.startsWith('..') ? p : r;
};

export function printNextSteps(out: Output, paths: DemoPaths, konnectUrl: string, tgiUrl: string, controlPlane: string, total: number, routePath: string): void {
  const kPort = new URL(konnectUrl).port;
  const tPort = new URL(tgiUrl).port;
  const repo = shown(REPO_ROOT);
  const bin = (name: string) => (repo === '.' ? `bin/${name}` : `${repo}/bin/${name}`);
  out.line();
  out.line(`Done in ${seconds(total)}. The working directory is left in ${shown(paths.workdir)}; to go on with terraform there:`);
  out.line();
  out.line(`  source ${shown(paths.envFile)}    # TF_CLI_CONFIG_FILE, KONNECT_TOKEN, TF_VAR_huggingface_token (demo values)`);
  out.line(`  ${bin('mock-konnect')} --listen 127.0.0.1:${kPort} --data ${shown(paths.konnectData)} --token "$KONNECT_TOKEN" &`);
  out.line(`  terraform -chdir=${shown(paths.workdir)} plan    # No changes: the mock kept everything on disk`);
  out.line();
  out.line('and to send traffic again:');
  out.line(`  ${bin('mock-tgi')} --listen 127.0.0.1:${tPort} --token "$TF_VAR_huggingface_token" &`);
  out.line(`  ${bin('ai-gateway')} --konnect-url ${konnectUrl} --control-plane ${controlPlane} --proxy-listen 127.0.0.1:8000 --workers 1 &`);
  out.line(`  curl -s localhost:8000${routePath}/generate -H 'content-type: application/json' -d '{"inputs":"Hello"}'`);
  out.line('Stop them with kill %1 %2 %3. Run make demo again to start over on the same data (DEMO_ROTATE=1 adds a live token rotation).');
}

/** The same ending for DEMO_PROVIDER=<name>: bin/mock-llm instead of the local TGI, an OpenAI-format curl. */
export function printProviderNextSteps(out: Output, paths: DemoPaths, p: DemoProvider, konnectUrl: string, llmUrl: string, controlPlane: string, total: number, routePath: string): void {
  const repo = shown(REPO_ROOT);
  const bin = (name: string) => (repo === '.' ? `bin/${name}` : `${repo}/bin/${name}`);
  const vars = p.credentials.map((c) => `TF_VAR_${c.variable}`).join(', ');
  out.line();
  out.line(`Done in ${seconds(total)}. The working directory is left in ${shown(paths.workdir)}; to go on with terraform there:`);
  out.line();
  out.line(`  source ${shown(paths.envFile)}    # TF_CLI_CONFIG_FILE, KONNECT_TOKEN, ${vars}, bin/mock-llm's ${p.credentials.map((c) => c.mockEnv).join(', ')} (demo values)`);
  out.line(`  ${bin('mock-konnect')} --listen 127.0.0.1:${new URL(konnectUrl).port} --data ${shown(paths.konnectData)} --token "$KONNECT_TOKEN" &`);
  out.line(`  terraform -chdir=${shown(paths.workdir)} plan    # No changes: the mock kept everything on disk`);
  out.line();
  out.line('and to send traffic again:');
  out.line(`  ${bin('mock-llm')} --listen 127.0.0.1:${new URL(llmUrl).port}${p.mockArgs.map((a) => ` ${a}`).join('')} &    # the credentials from the environment`);
  out.line(`  ${bin('ai-gateway')} --konnect-url ${konnectUrl} --control-plane ${controlPlane} --proxy-listen 127.0.0.1:8000 --workers 1 &`);
  out.line(`  curl -s localhost:8000${routePath}/v1/chat/completions -H 'content-type: application/json' -d '{"messages":[{"role":"user","content":"Hello"}]}'`);
  out.line(`Stop them with kill %1 %2 %3. Run DEMO_PROVIDER=${p.name} make demo again to start over on the same data.`);
}
