// Helpers for acceptance-tests/cdktf.test.ts: the throwaway project copy, the seed's and the HCL
// path's plugin block, and reading / comparing the objects two applies left in mock Konnects.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLE_DIR, REPO_ROOT, getCoreEntity, mustRun, type MockKonnect, type Redactor } from "../scripts/cdktf/index.js";

export const SEED = join(REPO_ROOT, "examples", "seed", "native-huggingface-api-route.txt");

/** A throwaway copy of examples/cdktf with its node_modules linked in. */
export function projectCopy(root: string): string {
  const dir = join(root, "cdktf");
  mkdirSync(dir);
  for (const f of ["main.ts", "cdktf.json", "tsconfig.json", "package.json"]) copyFileSync(join(EXAMPLE_DIR, f), join(dir, f));
  symlinkSync(join(EXAMPLE_DIR, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/** The seed's route-scoped konnect_gateway_plugin_ai_proxy block, verbatim from the seed text. */
export function seedRoutePluginBlock(seed: string): string {
  const header = 'resource "konnect_gateway_plugin_ai_proxy" "my_ai_proxy" {';
  for (let at = seed.indexOf(header); at >= 0; at = seed.indexOf(header, at + 1)) {
    let depth = 0;
    for (let i = at + header.length - 1; i < seed.length; i++) {
      if (seed[i] === "{") depth++;
      else if (seed[i] === "}" && --depth === 0) {
        const block = seed.slice(at, i + 1);
        if (block.includes("konnect_gateway_route.my_route.id")) return block;
        break;
      }
    }
  }
  throw new Error(`${SEED}: no route-scoped konnect_gateway_plugin_ai_proxy block found`);
}

/** The HCL path this stack mirrors: the seed's route-scoped Terraform, made runnable. */
export const HCL_EXAMPLE = join(REPO_ROOT, "examples", "terraform", "route", "main.tf");
export const squash = (text: string) => text.replace(/\s+/g, " ").trim();

/** Resource address → id, from `terraform show -json` in a working directory. */
export async function resourceIds(terraform: string, dir: string, env: NodeJS.ProcessEnv, redactor: Redactor): Promise<Record<string, string>> {
  const r = await mustRun("terraform show -json", terraform, ["show", "-json", "-no-color"], { cwd: dir, env, redactor });
  const state = JSON.parse(r.stdout) as { values?: { root_module?: { resources?: { address: string; values: { id: string } }[] } } };
  return Object.fromEntries((state.values?.root_module?.resources ?? []).map((res) => [res.address, res.values.id]));
}

export const ADDRESSES = {
  controlPlane: "konnect_gateway_control_plane.my_konnect_cp",
  service: "konnect_gateway_service.my_service",
  route: "konnect_gateway_route.my_route",
  plugin: "konnect_gateway_plugin_ai_proxy.my_ai_proxy",
} as const;

/** The four objects as the mock holds them. */
export async function fetchObjects(mock: MockKonnect, konnectToken: string, ids: Record<string, string>): Promise<Record<keyof typeof ADDRESSES, Record<string, unknown>>> {
  const cp = ids[ADDRESSES.controlPlane]!;
  const cpRes = await fetch(`${mock.url}/v2/control-planes/${cp}`, { headers: { authorization: `Bearer ${konnectToken}` } });
  assert.equal(cpRes.status, 200, `GET control plane ${cp}`);
  const get = async (path: string) => {
    const r = await getCoreEntity(mock, konnectToken, cp, path);
    assert.equal(r.status, 200, `GET ${path} on the mock`);
    return r.body as Record<string, unknown>;
  };
  return {
    controlPlane: (await cpRes.json()) as Record<string, unknown>,
    service: await get(`services/${ids[ADDRESSES.service]}`),
    route: await get(`routes/${ids[ADDRESSES.route]}`),
    plugin: await get(`plugins/${ids[ADDRESSES.plugin]}`),
  };
}

/** An object without what differs between two applies of the same configuration (ids, times). */
export function comparable(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => comparable(v));
    return key === "protocols" && items.every((i) => typeof i === "string") ? [...(items as string[])].sort() : items;
  }
  if (value === null || typeof value !== "object") return value;
  const drop = new Set(["id", "created_at", "updated_at", "control_plane_endpoint", "telemetry_endpoint"]);
  return Object.fromEntries(Object.entries(value).filter(([k]) => !drop.has(k)).map(([k, v]) => [k, comparable(v, k)]));
}
