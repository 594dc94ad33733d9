// What bin/mock-llm received during the demo, summed up for a person (GET /__mock/requests): the
// vendor path each request reached and the mock's verdict on its credential — `valid` means the
// gateway put the generated credential where the vendor expects it (header, SigV4 signature).
// Only paths and verdicts are read out; the recorded headers (credentials) are never shown.
export interface UpstreamCall {
  readonly method: string;
  readonly path: string;
  readonly vendor: string | null;
  readonly auth: string;
  readonly status: number | null;
}

export async function upstreamCalls(mockLlmUrl: string): Promise<UpstreamCall[]> {
  const res = await fetch(`${mockLlmUrl}/__mock/requests`);
  if (!res.ok) throw new Error(`bin/mock-llm's GET /__mock/requests answered HTTP ${res.status}`);
  const list = (await res.json()) as { method: string; path: string; vendor: string | null; auth: string; status: number | null }[];
  return list.map(({ method, path, vendor, auth, status }) => ({ method, path, vendor, auth, status }));
}

/** e.g. `POST /v1/messages (anthropic): 200, credential valid`. */
export const describeCall = (c: UpstreamCall): string => `${c.method} ${c.path} (${c.vendor ?? 'unknown vendor'}): ${c.status ?? 'no answer'}, credential ${c.auth}`;
