// `make cdktf`: the CDK for Terraform path in one command — generate the kong/konnect bindings from
// the provider built in this checkout (`cdktf get`: terraform init + providers schema through the
// filesystem mirror, offline), type-check and synthesize examples/cdktf, apply it against a fresh
// in-memory mock Konnect, show the plugin id, check the plan is empty, destroy, stop the mock.
// Each step prints its timing. The steps live in scripts/cdktf/ (shared with the acceptance test).
import { readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import {
  EXAMPLE_DIR,
  FALLBACK_SCHEMA,
  MissingPieceError,
  REPO_ROOT,
  Redactor,
  StepError,
  WORK_DIR,
  cdktfEnv,
  checkProviderVersion,
  deploy,
  destroy,
  ensureDependencies,
  findTerraform,
  freshToken,
  generateBindings,
  getCoreEntity,
  installProvider,
  killAll,
  missingResources,
  planIsEmpty,
  providerSchemaJson,
  stackEnv,
  startMockKonnect,
  synth,
  typecheck,
  type MockKonnect,
} from "./cdktf/index.js";

let stepNo = 0;
async function step<T>(title: string, fn: () => Promise<T>, done?: (v: T) => string): Promise<T> {
  stepNo += 1;
  console.log(`[${stepNo}] ${title}`);
  const t0 = performance.now();
  const v = await fn();
  console.log(`    ${done ? done(v) : "ok"} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return v;
}

const rel = (p: string) => relative(REPO_ROOT, p) || ".";

async function main(): Promise<void> {
  const redactor = new Redactor();
  const konnectToken = freshToken("kpat_cdktf");
  const huggingfaceToken = process.env.TF_VAR_huggingface_token || freshToken("hf_cdktf_demo_");
  redactor.add(konnectToken);
  redactor.add(huggingfaceToken);
  let mock: MockKonnect | undefined;
  const started = performance.now();
  try {
    const version = await step("check examples/cdktf/cdktf.json declares kong/konnect at package.json's version", async () => checkProviderVersion(), (v) => `kong/konnect ${v}`);
    await step("install examples/cdktf dependencies (npm ci when node_modules does not match its lock file)", () => ensureDependencies(redactor), (s) => s);
    const terraform = findTerraform();
    if (!terraform) {
      await step(`generate bindings WITHOUT terraform, from ${rel(FALLBACK_SCHEMA)} (cdktf schema cache)`, () =>
        generateBindings(EXAMPLE_DIR, { kind: "schema-file", file: FALLBACK_SCHEMA, reason: "terraform not on PATH" }, version, redactor),
      );
      await step("type-check main.ts against the bindings (tsc --noEmit)", () => typecheck(EXAMPLE_DIR));
      throw new StepError("terraform is not on PATH: bindings were generated from the kept schema and type-checked, but applying needs the terraform CLI (install it, then run `make cdktf` again).");
    }
    const cliConfig = await step("install the provider into a filesystem mirror (make install-provider)", () => installProvider(redactor), (p) => `TF_CLI_CONFIG_FILE=${rel(p)}`);
    await step("read our provider's schema (terraform providers schema -json through the mirror)", async () => {
      const json = await providerSchemaJson(terraform, cliConfig, version, redactor);
      const missing = missingResources(json);
      if (missing.length > 0) throw new MissingPieceError(`the provider built from this checkout has no ${missing.join(", ")} yet (src/provider)`);
      // The kept fallback is a tracked, generated file (scripts/generated.ts): never rewritten
      // here — a target must not leave the work tree dirty. `make check` keeps it equal to the
      // in-process rendering; this compares it with terraform's own output.
      const pretty = JSON.stringify(JSON.parse(json), null, 2) + "\n";
      const kept = readFileSync(FALLBACK_SCHEMA, "utf8");
      if (kept === pretty) return `all 4 resources present; ${rel(FALLBACK_SCHEMA)} matches terraform's output`;
      throw new StepError(
        `${rel(FALLBACK_SCHEMA)} differs from \`terraform providers schema -json\`. Run \`make generate\` and commit the result; ` +
          "if it still differs, scripts/provider-schema-json.ts renders Terraform's format differently from this terraform version.",
      );
    }, (s) => s);
    await step("generate bindings: cdktf get (terraform init + providers schema, offline)", () =>
      generateBindings(EXAMPLE_DIR, { kind: "terraform", terraform, cliConfig }, version, redactor),
      () => `${rel(join(EXAMPLE_DIR, ".gen", "providers", "konnect"))}/`,
    );
    await step("type-check main.ts against the bindings (tsc --noEmit)", () => typecheck(EXAMPLE_DIR));
    // Our own state and synth output under .build/cdktf, fresh each run: a by-hand cdktf.out and
    // terraform.tfstate in examples/cdktf (README) are never touched.
    const stateFile = join(WORK_DIR, "terraform.tfstate");
    const outDir = join(WORK_DIR, "cdktf.out");
    for (const p of [stateFile, `${stateFile}.backup`, outDir]) rmSync(p, { recursive: true, force: true });
    const stackDir = await step("synthesize: cdktf synth", () => synth(EXAMPLE_DIR, cdktfEnv({ CDKTF_STATE_FILE: stateFile }), redactor, outDir), (d) => `${rel(d)}/cdk.tf.json`);
    mock = await step("start a fresh mock Konnect (in memory, free port)", () => startMockKonnect(konnectToken, redactor), (m) => `${m.url} (pid ${m.pid})`);
    const env = stackEnv({ terraform, cliConfig, serverUrl: mock.url, konnectToken, huggingfaceToken, stateFile });
    const outputs = await step("apply: cdktf deploy --auto-approve --skip-provider-lock", async () => (await deploy(EXAMPLE_DIR, env, redactor, outDir)).outputs, (o) => `plugin_id = ${o.plugin_id}`);
    const m = mock;
    await step("read the plugin back from the mock Konnect", async () => {
      const r = await getCoreEntity(m, konnectToken, outputs.control_plane_id ?? "", `plugins/${outputs.plugin_id}`);
      if (r.status !== 200) throw new StepError(`mock Konnect answered ${r.status} for plugin ${outputs.plugin_id}`);
      const p = r.body as { name?: string; route?: { id?: string }; config?: { model?: { provider?: string; name?: string }; auth?: { header_name?: string } } };
      return `${p.name} ${outputs.plugin_id} on route ${p.route?.id}: model ${p.config?.model?.provider}/${p.config?.model?.name}, header ${p.config?.auth?.header_name}: Bearer (redacted)`;
    }, (s) => s);
    await step("plan again: nothing to change", async () => {
      const plan = await planIsEmpty(terraform, stackDir, env, redactor);
      if (!plan.empty) throw new StepError(`the plan after apply is not empty:\n${plan.output}`);
    }, () => "no changes");
    await step("destroy: cdktf destroy --auto-approve --skip-provider-lock", () => destroy(EXAMPLE_DIR, env, redactor, outDir));
  } finally {
    const m = mock;
    if (m) await step("stop the mock Konnect", () => m.stop(), () => `pid ${m.pid} stopped`);
  }
  console.log(`cdktf: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    killAll();
    console.error(`cdktf: interrupted (${sig}); stopped every process it had started`);
    process.exit(130);
  });
}
main().catch((err: unknown) => {
  killAll();
  const what = err instanceof MissingPieceError ? "cannot run yet" : "failed";
  console.error(`cdktf: ${what}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
