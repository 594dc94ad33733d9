// Where the demo lives: the checkout, the built binaries it starts, and .demo/ (gitignored, left
// in place at the end so a person can go on with `terraform plan` there).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const BIN = {
  mockKonnect: join(REPO_ROOT, 'bin', 'mock-konnect'),
  mockTgi: join(REPO_ROOT, 'bin', 'mock-tgi'),
  mockLlm: join(REPO_ROOT, 'bin', 'mock-llm'),
  aiGateway: join(REPO_ROOT, 'bin', 'ai-gateway'),
} as const;

export interface DemoPaths {
  readonly root: string;
  /** Terraform working directory: main.tf, state. */
  readonly workdir: string;
  /** The mock Konnect's durable state (LMDB). */
  readonly konnectData: string;
  /** Filesystem mirror + CLI config written by scripts/install-provider.ts. */
  readonly provider: string;
  /** `export …` lines for a shell that goes on after the demo (mode 0600; holds the demo tokens). */
  readonly envFile: string;
  /** Ports and names of the last run, so a re-run reuses the same mock data and port. */
  readonly stateFile: string;
}

export function demoPaths(root = process.env.DEMO_DIR ? resolve(process.env.DEMO_DIR) : join(REPO_ROOT, '.demo')): DemoPaths {
  return {
    root,
    workdir: join(root, 'terraform'),
    konnectData: join(root, 'konnect-data'),
    provider: join(root, 'provider'),
    envFile: join(root, 'env.sh'),
    stateFile: join(root, 'demo.json'),
  };
}
