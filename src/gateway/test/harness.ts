// Starts mock-tgi and ai-gateway as real processes (bin/, built by `make build`) for the
// gateway's integration tests, and kills them by PID.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, type StartedProcess } from '../../testing/tgi/index.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const TOKEN = 'hf_integration_Secret_9f8e7d';

export async function startTgi(args: string[] = []): Promise<StartedProcess> {
  return startProcess(join(ROOT, 'bin/mock-tgi'), ['--listen', '127.0.0.1:0', ...args], {
    env: { ...process.env, MOCK_TGI_TOKEN: TOKEN },
    listeners: ['mock-tgi'],
  });
}

export async function startGatewayProcess(config: string, env: Record<string, string>, workers = 1, extraArgs: readonly string[] = []): Promise<StartedProcess> {
  return startProcess(
    join(ROOT, 'bin/ai-gateway'),
    ['--config', config, '--proxy-listen', '127.0.0.1:0', '--status-listen', '127.0.0.1:0', '--workers', String(workers), ...extraArgs],
    { env: { ...process.env, ...env }, listeners: ['proxy', 'status'] },
  );
}

export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ai-gateway-test-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
