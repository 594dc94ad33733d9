// Live token rotation: while a client keeps sending POST /generate through the gateway, the
// Hugging Face token is changed in Terraform (TF_VAR_huggingface_token) and re-applied; the
// gateway picks the new plugin config up on its next Konnect poll. The local TGI accepts both
// tokens during the switch and records which one each request carried (tokenIndex), so the
// switch time is measured where the token arrives, and every request must succeed.
import { generate } from './traffic.js';

export interface TgiRecord {
  readonly seq: number;
  readonly url: string;
  readonly authorization: string;
  readonly tokenIndex: number | null;
  readonly receivedAt: number;
}

export async function tgiRequests(tgiUrl: string): Promise<TgiRecord[]> {
  const res = await fetch(`${tgiUrl}/__requests`);
  return (await res.json()) as TgiRecord[];
}

export interface RotationResult {
  readonly requests: number;
  /** Requests that did not get a 200 (each with its status or error). */
  readonly failures: readonly string[];
  /** ms from the end of the re-apply to the first upstream request with the new token (0 if it came before); null if never. */
  readonly switchMs: number | null;
  /** ms from the plugin update in Konnect (the mock's request log) to the first request with the new token. */
  readonly sinceUpdateMs: number | null;
  /** Upstream requests with the old token that arrived more than `settleMs` after the switch. */
  readonly oldAfterSwitch: number;
  readonly applyMs: number;
}

/**
 * Runs `reapply` (terraform apply with the new token) while a client loop sends requests to
 * `gatewayBase`; waits until the TGI has seen the new token (index `newIndex`) or `timeoutMs`,
 * keeps the loop going `afterMs` more, then stops it.
 */
export async function rotateLive(o: {
  gatewayBase: string;
  /** The mock Konnect, whose request log dates the plugin update. */
  konnectUrl: string;
  tgiUrl: string;
  newIndex: number;
  reapply: () => Promise<void>;
  timeoutMs: number;
  afterMs?: number;
  /** Requests with the old token already in flight when the switch happened may still land within this. */
  settleMs?: number;
}): Promise<RotationResult> {
  await fetch(`${o.tgiUrl}/__requests`, { method: 'DELETE' });
  await fetch(`${o.konnectUrl}/_mock/requests`, { method: 'DELETE' });
  let running = true;
  let requests = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (running) {
      requests += 1;
      try {
        const r = await generate(o.gatewayBase, 'rotate the token', 2);
        if (r.status !== 200) failures.push(`HTTP ${r.status}: ${r.text.slice(0, 200)}`);
      } catch (err) {
        failures.push((err as Error).message);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const t0 = Date.now();
  let switchMs: number | null = null;
  let applyMs = 0;
  let appliedAt = 0;
  try {
    await new Promise((r) => setTimeout(r, 300)); // some traffic on the old token first
    await o.reapply();
    appliedAt = Date.now();
    applyMs = appliedAt - t0 - 300;
    while (Date.now() - appliedAt < o.timeoutMs) {
      const seen = (await tgiRequests(o.tgiUrl)).find((r) => r.tokenIndex === o.newIndex);
      if (seen) {
        switchMs = Math.max(0, seen.receivedAt - appliedAt);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, o.afterMs ?? 1_000));
  } finally {
    running = false;
    await loop;
  }
  const log = await tgiRequests(o.tgiUrl);
  const konnectLog = (await (await fetch(`${o.konnectUrl}/_mock/requests`)).json()) as { data: { time: string; method: string; path: string; status: number }[] };
  const update = konnectLog.data.filter((r) => (r.method === 'PUT' || r.method === 'PATCH') && /\/plugins\/[^/]+$/.test(r.path) && r.status < 300).at(-1);
  const updatedAt = update ? Date.parse(update.time) : undefined;
  const firstNew = log.find((r) => r.tokenIndex === o.newIndex)?.receivedAt ?? Infinity;
  const oldAfterSwitch = log.filter((r) => r.tokenIndex !== o.newIndex && r.receivedAt > firstNew + (o.settleMs ?? 500)).length;
  const sinceUpdateMs = Number.isFinite(firstNew) && updatedAt !== undefined ? firstNew - updatedAt : null;
  return { requests, failures, switchMs, sinceUpdateMs, oldAfterSwitch, applyMs };
}
