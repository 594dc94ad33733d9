// Preparing the cdktf path: paths and names, the offline environment, examples/cdktf's own
// dependencies, the provider version check, finding terraform, installing the provider into the
// filesystem mirror and reading its schema.
import { accessSync, constants, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { MissingPieceError, StepError, mustRun, type Redactor, type RunOptions } from "./process.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const EXAMPLE_DIR = join(REPO_ROOT, "examples", "cdktf");
export const STACK_NAME = "konnect-huggingface";
export const PROVIDER_SOURCE = "registry.terraform.io/kong/konnect";
/** The resource types the stack uses; bindings without them cannot type-check main.ts. */
export const RESOURCES_USED = [
  "konnect_gateway_control_plane",
  "konnect_gateway_service",
  "konnect_gateway_route",
  "konnect_gateway_plugin_ai_proxy",
] as const;
/** Our provider's `providers schema -json`, kept for machines without terraform (see README). */
export const FALLBACK_SCHEMA = join(EXAMPLE_DIR, "provider-schema.json");
export const WORK_DIR = join(REPO_ROOT, ".build", "cdktf");

/** The environment every cdktf/terraform call gets: offline, no telemetry, no version check. */
export function cdktfEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  mkdirSync(join(WORK_DIR, "home"), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHECKPOINT_DISABLE: "1", // cdktf telemetry and terraform's checkpoint call
    DISABLE_VERSION_CHECK: "true", // cdktf's daily `npm view cdktf-cli version`
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true", // no ~/.terraform.d/plugin-cache symlinks
    CDKTF_HOME: join(WORK_DIR, "home"),
    TF_IN_AUTOMATION: "1",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * Whether `dir`/node_modules holds exactly the packages of `dir`/package-lock.json, read from
 * npm's own record of what it installed (node_modules/.package-lock.json). Decided by content,
 * not by file times: a fresh checkout (or a worktree) has a lock file newer than any install.
 */
export function dependenciesUpToDate(dir: string = EXAMPLE_DIR): boolean {
  const marker = join(dir, "node_modules", ".package-lock.json");
  if (!existsSync(marker)) return false;
  type Lock = { packages?: Record<string, { version?: string; optional?: boolean }> };
  const want = (JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8")) as Lock).packages ?? {};
  const have = (JSON.parse(readFileSync(marker, "utf8")) as Lock).packages ?? {};
  for (const [path, pkg] of Object.entries(want)) {
    if (path === "" || (pkg.optional && !(path in have))) continue; // the project itself; an optional package for another platform
    if (have[path]?.version !== pkg.version) return false;
  }
  return true;
}

/**
 * `npm ci` in examples/cdktf when its node_modules does not match its lock file. Never through a
 * symbolic link (a worktree sharing another checkout's node_modules): npm ci would empty the
 * link's target, which belongs to that other checkout.
 */
export async function ensureDependencies(redactor?: Redactor, dir: string = EXAMPLE_DIR): Promise<"installed" | "up to date"> {
  if (dependenciesUpToDate(dir)) return "up to date";
  const modules = join(dir, "node_modules");
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
    throw new StepError(
      `${modules} is a symbolic link to ${realpathSync(modules)}, whose packages do not match ${join(dir, "package-lock.json")}. ` +
        "Run `npm ci` in the checkout that owns it, or replace the link by a directory of your own; make cdktf does not run npm ci through a link.",
    );
  }
  const opts: RunOptions = { cwd: dir, timeoutMs: 600_000 };
  if (redactor) opts.redactor = redactor;
  await mustRun(`npm ci in ${relative(REPO_ROOT, dir) || dir}`, "npm", ["ci", "--no-audit", "--no-fund"], opts);
  return "installed";
}

/** cdktf.json must declare kong/konnect at package.json's version: the mirror holds only that one. */
export function checkProviderVersion(projectDir: string = EXAMPLE_DIR): string {
  const want = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
  const file = join(projectDir, "cdktf.json");
  const shown = file.startsWith(REPO_ROOT + sep) ? relative(REPO_ROOT, file) : file;
  const cfg = JSON.parse(readFileSync(file, "utf8")) as { terraformProviders?: unknown[] };
  const entry = (cfg.terraformProviders ?? []).find(
    (p): p is { name: string; source?: string; version?: string } =>
      typeof p === "object" && p !== null && (p as { name?: string }).name === "konnect",
  );
  if (!entry) {
    throw new StepError(
      `${shown}: "terraformProviders" has no entry named "konnect"; add ` +
        `{"name": "konnect", "source": "${PROVIDER_SOURCE}", "version": "${want}"}.`,
    );
  }
  if (entry.version !== want) {
    throw new StepError(
      `${shown}: terraformProviders "konnect" has version "${entry.version}" but package.json ` +
        `"version" is "${want}", the only version \`make install-provider\` puts in the mirror; set it to "${want}".`,
    );
  }
  return want;
}

/**
 * The terraform CLI: $TERRAFORM (as src/testing uses), then $TERRAFORM_BINARY_NAME (cdktf's own
 * variable), then PATH; null when there is none. Every cdktf call gets it as TERRAFORM_BINARY_NAME.
 */
export function findTerraform(): string | null {
  const candidates: string[] = [];
  for (const named of [process.env.TERRAFORM, process.env.TERRAFORM_BINARY_NAME]) {
    if (named?.includes("/")) candidates.push(named);
  }
  for (const d of (process.env.PATH ?? "").split(delimiter)) if (d) candidates.push(join(d, "terraform"));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      if (statSync(c).isFile()) return c;
    } catch {
      /* not here */
    }
  }
  return null;
}

/** Runs scripts/install-provider.ts (`make install-provider`; `--dir` elsewhere than .build); returns TF_CLI_CONFIG_FILE. */
export async function installProvider(redactor?: Redactor, dir?: string): Promise<string> {
  const script = join(REPO_ROOT, "scripts", "install-provider.ts");
  if (!existsSync(script)) {
    throw new MissingPieceError("scripts/install-provider.ts (`make install-provider`, the provider's filesystem mirror) is not in this checkout yet");
  }
  const opts: RunOptions = { cwd: REPO_ROOT, timeoutMs: 120_000 };
  if (redactor) opts.redactor = redactor;
  const args = ["--import", "tsx", script, ...(dir ? ["--dir", dir] : [])];
  const r = await mustRun("make install-provider", process.execPath, args, opts);
  const last = r.stdout.trimEnd().split("\n").pop() ?? "";
  const m = /^export TF_CLI_CONFIG_FILE=(.+)$/.exec(last.trim());
  if (!m?.[1]) throw new StepError(`make install-provider: its last line should be "export TF_CLI_CONFIG_FILE=<path>", got: ${last}`);
  return m[1].replace(/^['"]|['"]$/g, "");
}
/** Resource types of RESOURCES_USED absent from a `providers schema -json` document. */
export function missingResources(schemaJson: string): string[] {
  const doc = JSON.parse(schemaJson) as { provider_schemas?: Record<string, { resource_schemas?: Record<string, unknown> }> };
  const resources = doc.provider_schemas?.[PROVIDER_SOURCE]?.resource_schemas ?? {};
  return RESOURCES_USED.filter((r) => !(r in resources));
}
/**
 * Our provider's `terraform providers schema -json`, through the filesystem mirror, in a scratch
 * directory (init + schema: what `cdktf get` runs too, done here so we can check and keep it).
 */
export async function providerSchemaJson(terraform: string, cliConfig: string, version: string, redactor?: Redactor): Promise<string> {
  mkdirSync(WORK_DIR, { recursive: true });
  const dir = mkdtempSync(join(WORK_DIR, "schema-"));
  try {
    const config = { terraform: { required_providers: { konnect: { source: PROVIDER_SOURCE, version } } } };
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config, null, 2));
    const opts: RunOptions = { cwd: dir, env: cdktfEnv({ TF_CLI_CONFIG_FILE: cliConfig }), timeoutMs: 120_000 };
    if (redactor) opts.redactor = redactor;
    await mustRun("terraform init (provider schema)", terraform, ["init", "-input=false", "-no-color"], opts);
    const r = await mustRun("terraform providers schema -json", terraform, ["providers", "schema", "-json"], opts);
    return r.stdout.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
