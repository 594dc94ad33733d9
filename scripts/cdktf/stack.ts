// The stack's lifecycle in examples/cdktf (or a copy of it): bindings (`cdktf get`), type check,
// synth, deploy, plan, destroy. Every cdktf call gets cdktfEnv() plus what the step needs.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { StepError, mustRun, run, type Redactor, type RunOptions } from "./process.js";
import { PROVIDER_SOURCE, RESOURCES_USED, STACK_NAME, WORK_DIR, cdktfEnv } from "./setup.js";

/** Where the bindings come from: the real `cdktf get` (terraform + mirror), or a schema file. */
export type BindingsSource =
  | { kind: "terraform"; terraform: string; cliConfig: string }
  | { kind: "schema-file"; file: string; reason: string };

/** The directory name cdktf gives a resource type's bindings: konnect_gateway_route → gateway-route. */
export function bindingDir(resourceType: string): string {
  return resourceType.replace(/^konnect_/, "").replace(/_/g, "-");
}
/** `cdktf get --force` into <projectDir>/.gen; returns the used resource types it did not generate. */
export async function generateBindings(projectDir: string, source: BindingsSource, version: string, redactor?: Redactor): Promise<string[]> {
  rmSync(join(projectDir, ".gen"), { recursive: true, force: true });
  let env: NodeJS.ProcessEnv;
  if (source.kind === "terraform") {
    env = cdktfEnv({
      TF_CLI_CONFIG_FILE: source.cliConfig,
      TERRAFORM_BINARY_NAME: source.terraform,
      CDKTF_EXPERIMENTAL_PROVIDER_SCHEMA_CACHE_PATH: undefined, // never a stale cached schema
    });
  } else {
    // cdktf's schema cache: a file <name>@<version>.json holding `providers schema -json` plus
    // provider_versions; with it `cdktf get` needs no terraform at all (TERRAFORM_BINARY_NAME=/bin/false).
    const cache = join(WORK_DIR, "schema-cache");
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    const schema = JSON.parse(readFileSync(source.file, "utf8")) as Record<string, unknown>;
    const entry = { ...schema, provider_versions: { [PROVIDER_SOURCE]: version } };
    writeFileSync(join(cache, `konnect@${version}.json`), JSON.stringify(entry));
    env = cdktfEnv({ CDKTF_EXPERIMENTAL_PROVIDER_SCHEMA_CACHE_PATH: cache, TERRAFORM_BINARY_NAME: "/bin/false" });
  }
  const opts: RunOptions = { cwd: projectDir, env, timeoutMs: 300_000 };
  if (redactor) opts.redactor = redactor;
  await mustRun("cdktf get", join(projectDir, "node_modules", ".bin", "cdktf"), ["get", "--force"], opts);
  const base = join(projectDir, ".gen", "providers", "konnect");
  if (!existsSync(join(base, "provider", "index.ts"))) throw new StepError(`cdktf get wrote no provider bindings under ${base}`);
  return RESOURCES_USED.filter((r) => !existsSync(join(base, bindingDir(r), "index.ts")));
}

/** `tsc --noEmit` with examples/cdktf's own TypeScript and tsconfig (main.ts + .gen). */
export async function typecheck(projectDir: string): Promise<void> {
  await mustRun("type check", join(projectDir, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "tsconfig.json"], {
    cwd: projectDir,
    timeoutMs: 180_000,
  });
}

/** The values one apply needs. Tokens only ever travel in the environment. */
export interface StackInputs {
  terraform: string;
  cliConfig: string;
  serverUrl: string;
  konnectToken: string;
  huggingfaceToken: string;
  stateFile: string;
}

export function stackEnv(s: StackInputs): NodeJS.ProcessEnv {
  return cdktfEnv({
    TF_CLI_CONFIG_FILE: s.cliConfig,
    TERRAFORM_BINARY_NAME: s.terraform,
    KONNECT_TOKEN: s.konnectToken, // the provider's env fallback for personal_access_token
    KONNECT_SPAT: undefined,
    TF_VAR_huggingface_token: s.huggingfaceToken,
    TF_VAR_konnect_server_url: s.serverUrl,
    CDKTF_STATE_FILE: s.stateFile, // read by main.ts at synth time
  });
}

/** `cdktf synth`; returns the synthesized stack directory (cdktf.out/stacks/<stack>). */
export async function synth(projectDir: string, env: NodeJS.ProcessEnv, redactor?: Redactor, outDir = "cdktf.out"): Promise<string> {
  const opts: RunOptions = { cwd: projectDir, env, timeoutMs: 180_000 };
  if (redactor) opts.redactor = redactor;
  await mustRun("cdktf synth", join(projectDir, "node_modules", ".bin", "cdktf"), ["synth", "--output", outDir], opts);
  const stackDir = join(resolve(projectDir, outDir), "stacks", STACK_NAME);
  if (!existsSync(join(stackDir, "cdk.tf.json"))) throw new StepError(`cdktf synth wrote no ${join(stackDir, "cdk.tf.json")}`);
  return stackDir;
}

/**
 * `cdktf deploy --auto-approve --skip-provider-lock` (without the flag cdktf runs `terraform
 * providers lock`, which ignores the mirror and goes to the registry). Returns the stack outputs.
 */
export async function deploy(projectDir: string, env: NodeJS.ProcessEnv, redactor?: Redactor, outDir = "cdktf.out"): Promise<{ outputs: Record<string, string>; log: string }> {
  // A lock file from an earlier build of the same provider version no longer matches its hash.
  rmSync(join(resolve(projectDir, outDir), "stacks", STACK_NAME, ".terraform.lock.hcl"), { force: true });
  const outputsFile = join(resolve(projectDir, outDir), "outputs.json");
  rmSync(outputsFile, { force: true });
  const opts: RunOptions = { cwd: projectDir, env, timeoutMs: 300_000 };
  if (redactor) opts.redactor = redactor;
  const args = ["deploy", STACK_NAME, "--auto-approve", "--skip-provider-lock", "--skip-synth", "--output", outDir, "--outputs-file", outputsFile];
  const r = await mustRun("cdktf deploy", join(projectDir, "node_modules", ".bin", "cdktf"), args, opts);
  const all = JSON.parse(readFileSync(outputsFile, "utf8")) as Record<string, Record<string, string>>;
  const outputs = all[STACK_NAME];
  if (!outputs) throw new StepError(`cdktf deploy wrote no outputs for stack ${STACK_NAME} to ${outputsFile}`);
  return { outputs, log: r.stdout + r.stderr }; // unredacted: callers check that no secret is in it
}

/** `terraform plan -detailed-exitcode` in the synthesized stack: true when nothing would change. */
export async function planIsEmpty(terraform: string, stackDir: string, env: NodeJS.ProcessEnv, redactor?: Redactor): Promise<{ empty: boolean; output: string }> {
  const opts: RunOptions = { cwd: stackDir, env, timeoutMs: 180_000 };
  if (redactor) opts.redactor = redactor;
  const r = await run(terraform, ["plan", "-detailed-exitcode", "-input=false", "-no-color"], opts);
  if (r.code === 0) return { empty: true, output: r.stdout };
  if (r.code === 2) return { empty: false, output: redactor ? redactor.apply(r.stdout) : r.stdout };
  throw new StepError(`terraform plan failed (exit ${r.code}) in ${stackDir}\n${redactor ? redactor.apply(r.stdout + r.stderr) : r.stdout + r.stderr}`);
}

/** `cdktf destroy --auto-approve --skip-provider-lock`. */
export async function destroy(projectDir: string, env: NodeJS.ProcessEnv, redactor?: Redactor, outDir = "cdktf.out"): Promise<void> {
  const opts: RunOptions = { cwd: projectDir, env, timeoutMs: 300_000 };
  if (redactor) opts.redactor = redactor;
  const args = ["destroy", STACK_NAME, "--auto-approve", "--skip-provider-lock", "--skip-synth", "--output", outDir];
  await mustRun("cdktf destroy", join(projectDir, "node_modules", ".bin", "cdktf"), args, opts);
}
