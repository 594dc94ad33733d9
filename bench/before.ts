// The "before" column of the provider benches: BEFORE_REV=<git revision> builds that revision's
// release executable (git archive into a temp dir, this checkout's node_modules linked, its own
// `scripts/build.mjs` and `scripts/install-provider.ts`), so a bench runs it interleaved with the
// current one in the same run. Without BEFORE_REV the benches have no "before" column.
//   BEFORE_REV=3c197a0 make bench
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/testing/index.js';

export interface BeforeBuild {
  readonly rev: string;
  /** The release executable in the revision's filesystem mirror. */
  readonly executable: string;
  /** TF_CLI_CONFIG_FILE for terraform to install it from that mirror. */
  readonly cliConfig: string;
  remove(): void;
}

/** Builds BEFORE_REV's release executable, or returns undefined when BEFORE_REV is not set. */
export function buildBefore(env: NodeJS.ProcessEnv = process.env): BeforeBuild | undefined {
  const rev = env.BEFORE_REV?.trim();
  if (!rev) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'konnect-bench-before-'));
  try {
    const src = join(dir, 'src');
    execFileSync('sh', ['-c', `mkdir -p "${src}" && git -C "${REPO_ROOT}" archive "${rev}" | tar -x -C "${src}"`], { stdio: 'pipe' });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(src, 'node_modules'));
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: src, stdio: 'pipe' });
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/install-provider.ts', '--dir', join(dir, 'install')], { cwd: src, stdio: 'pipe' }).toString();
    const cliConfig = /export TF_CLI_CONFIG_FILE=(.+)$/m.exec(out)?.[1];
    const executable = execFileSync('sh', ['-c', `find "${join(dir, 'install', 'mirror')}" -name 'terraform-provider-konnect_v*'`]).toString().trim();
    if (!cliConfig || !executable) throw new Error(`BEFORE_REV=${rev}: install-provider printed no mirror:\n${out}`);
    return { rev, executable, cliConfig, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`BEFORE_REV=${rev}: could not build that revision's release executable: ${err instanceof Error ? err.message : String(err)}`);
  }
}
