// The mock Konnect for the cdktf path: a fresh in-memory instance on an OS-picked port, owned by
// PID, and a small reader of its core-entities API to check what an apply created.
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { MissingPieceError, StepError, killTree, spawnTracked, type Redactor } from "./process.js";
import { REPO_ROOT } from "./setup.js";

export interface MockKonnect {
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => killTree(child, "SIGKILL"), 3000);
      child.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      killTree(child, "SIGTERM");
    });
}

/** `bin/mock-konnect --listen 127.0.0.1:0 --in-memory --token <token>`, once it says it listens. */
export async function startMockKonnect(token: string, redactor?: Redactor): Promise<MockKonnect> {
  if (!existsSync(join(REPO_ROOT, "src", "bin", "mock-konnect.ts"))) {
    throw new MissingPieceError("the mock Konnect (src/bin/mock-konnect.ts, bin/mock-konnect) is not in this checkout yet");
  }
  if (!existsSync(join(REPO_ROOT, "dist", "mock-konnect.mjs"))) {
    throw new StepError("dist/mock-konnect.mjs is missing: run `make build` first (`make cdktf` does).");
  }
  const args = [join(REPO_ROOT, "bin", "mock-konnect"), "--listen", "127.0.0.1:0", "--in-memory", "--token", token];
  const child = spawnTracked(process.execPath, args, { cwd: REPO_ROOT });
  const stop = stopper(child);
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new StepError("mock-konnect printed no `listening on` line within 15 s")), 15_000);
    const lines = createInterface({ input: child.stdout! });
    function fail(err: Error): void {
      clearTimeout(timer);
      lines.close();
      reject(err);
    }
    lines.on("line", (line) => {
      const m = /^mock-konnect listening on (http:\/\/\S+)/.exec(line.trim());
      if (!m?.[1]) return;
      clearTimeout(timer);
      child.stdout!.resume(); // keep draining so the mock never blocks on a full pipe
      resolve(m[1].replace(/\/$/, ""));
    });
    child.once("close", (code) => {
      const said = redactor ? redactor.apply(stderr) : stderr;
      fail(new StepError(`mock-konnect exited (code ${code}) before listening:\n${said.trim()}`));
    });
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url, pid: child.pid!, stop };
}

/** GET a core entity from the mock (e.g. "plugins/<id>"): status and parsed JSON body. */
export async function getCoreEntity(mock: { url: string }, token: string, controlPlaneId: string, entityPath: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${mock.url}/v2/control-planes/${controlPlaneId}/core-entities/${entityPath}`, {
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body };
}

/** GET a control plane from the mock: its status (404 once destroyed). */
export async function getControlPlaneStatus(mock: { url: string }, token: string, controlPlaneId: string): Promise<number> {
  const res = await fetch(`${mock.url}/v2/control-planes/${controlPlaneId}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

/** A token the mock accepts for this run only (Konnect PAT shape). */
export function freshToken(prefix: string): string {
  return `${prefix}${randomHex(24)}`;
}
function randomHex(bytes: number): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}
