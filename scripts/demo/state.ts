// What one demo run leaves for the next one and for a person going on by hand: .demo/demo.json
// (the mock's port and the control plane's name, so a re-run reuses the durable mock data on the
// same port) and .demo/env.sh (the exports for `terraform plan`; mode 0600, demo tokens only).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { DemoPaths } from './paths.js';

export interface DemoState {
  readonly konnectPort: number;
  readonly tgiPort: number;
  readonly controlPlane: string;
  /** bin/mock-llm's port of the last DEMO_PROVIDER run (not the seed's). */
  readonly llmPort?: number;
}

export function readState(paths: DemoPaths): DemoState | undefined {
  if (!existsSync(paths.stateFile)) return undefined;
  try {
    const s = JSON.parse(readFileSync(paths.stateFile, 'utf8')) as Partial<DemoState>;
    if (typeof s.konnectPort === 'number' && typeof s.tgiPort === 'number' && typeof s.controlPlane === 'string') return s as DemoState;
  } catch {
    /* unreadable: start over */
  }
  return undefined;
}

export function writeState(paths: DemoPaths, state: DemoState): void {
  mkdirSync(paths.root, { recursive: true });
  writeFileSync(paths.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

/** A generated demo token (never a real one): prefix + 40 random hex digits. */
export function demoToken(prefix: string): string {
  return `${prefix}${randomBytes(20).toString('hex')}`;
}

const quote = (v: string) => `'${v.replaceAll("'", "'\\''")}'`;

export function writeEnvFile(paths: DemoPaths, vars: Readonly<Record<string, string>>): void {
  mkdirSync(paths.root, { recursive: true });
  const lines = ['# Written by make demo: the environment to go on with terraform in the working directory.', ...Object.entries(vars).map(([k, v]) => `export ${k}=${quote(v)}`), ''];
  writeFileSync(paths.envFile, lines.join('\n'), { mode: 0o600 });
  chmodSync(paths.envFile, 0o600);
}
