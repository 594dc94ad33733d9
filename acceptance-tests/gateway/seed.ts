// The seed document, read the way a person would use it: per scope (global, service, route,
// consumer, consumer group), the decK kong.yaml block, the Admin API curl command, the Konnect
// curl command and the KIC manifest. Curl commands are "run" the way the shell would: the
// `'$HUGGINGFACE_TOKEN'` splice and `$KONNECT_TOKEN` are expanded, placeholders filled.
import { readFileSync } from 'node:fs';

export const SCOPES = ['global', 'service', 'route', 'consumer', 'consumer_group'] as const;
export type Scope = (typeof SCOPES)[number];

export interface SeedCurl {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The --data text with the shell's single-quote splices already undone (token still as $HUGGINGFACE_TOKEN). */
  readonly data: string;
}

export interface SeedScope {
  readonly scope: Scope;
  readonly deck: string;
  readonly admin: SeedCurl;
  readonly konnect: SeedCurl;
  readonly kic: string;
}

const seedText = readFileSync(new URL('../../examples/seed/native-huggingface-api-route.txt', import.meta.url), 'utf8');

function parseCurl(command: string): SeedCurl {
  const url = command.match(/curl (?:-i )?-X POST (\S+)/)?.[1];
  if (!url) throw new Error(`seed: cannot read the URL of: ${command.slice(0, 80)}`);
  const headers: Record<string, string> = {};
  for (const m of command.matchAll(/--header "([^:]+): ([^"]*)"/g)) headers[m[1]!] = m[2]!;
  const data = command.match(/--data '\n([\s\S]*)\n {4}'$/)?.[1];
  if (data === undefined) throw new Error(`seed: cannot read --data of ${url}`);
  // Shell: '…"Bearer '$HUGGINGFACE_TOKEN'"…' closes the quote, expands, reopens it.
  return { url, headers, data: data.replaceAll("'$HUGGINGFACE_TOKEN'", '$HUGGINGFACE_TOKEN') };
}

function parse(): SeedScope[] {
  const decks = [...seedText.matchAll(/Add this section to your kong\.yaml configuration file:\n([\s\S]*?)\n(?=Make )/g)].map((m) => m[1]!);
  const curls = [...seedText.matchAll(/curl (?:-i )?-X POST [\s\S]*?\n {4}'(?=\n)/g)].map((m) => parseCurl(m[0]));
  const admin = curls.filter((c) => c.url.startsWith('http://localhost:8001/'));
  const konnect = curls.filter((c) => c.url.includes('api.konghq.com'));
  const kic = [...seedText.matchAll(/echo "\n([\s\S]*?)\n" \| kubectl apply -f -/g)].map((m) => m[1]!);
  for (const [name, list] of [['decK', decks], ['Admin API', admin], ['Konnect', konnect], ['KIC', kic]] as const) {
    if (list.length !== SCOPES.length) throw new Error(`seed: expected ${SCOPES.length} ${name} examples, found ${list.length}`);
  }
  return SCOPES.map((scope, i) => ({ scope, deck: decks[i]!, admin: admin[i]!, konnect: konnect[i]!, kic: kic[i]! }));
}

export const SEED: readonly SeedScope[] = parse();

/** Fill `{placeholders}` (matched by the words inside the braces) and expand $VARS like the shell. */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([^}]+)\}/g, (whole, key: string) => values[key] ?? whole).replace(/\$([A-Z_]+)/g, (whole, name: string) => values[`$${name}`] ?? whole);
}

/** Run a seed curl command with fetch, as the shell would, with the base URL swapped in. */
export async function runCurl(curl: SeedCurl, values: Readonly<Record<string, string>>, base: { from: RegExp; to: string }): Promise<{ status: number; body: unknown }> {
  const url = fill(curl.url, values).replace(base.from, base.to);
  const headers = Object.fromEntries(Object.entries(curl.headers).map(([k, v]) => [k, fill(v, values)]));
  const res = await fetch(url, { method: 'POST', headers, body: fill(curl.data, values) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

/** The names the seed's placeholders stand for in these tests (`serviceName|Id` → `hf`, …). */
export const SEED_NAMES: Readonly<Record<string, string>> = { 'serviceName|Id': 'hf', 'routeName|Id': 'hf-route', 'consumerName|Id': 'alice', 'consumerGroupName|Id': 'gold' };

/** A seed decK block with its bare placeholders (`service: serviceName|Id`) filled. */
export const fillDeckNames = (block: string): string => block.replace(/\b\w+Name\|Id\b/g, (p) => SEED_NAMES[p] ?? p);

/** The decK environment every scope shares, after the seed's plugin block: service hf with route
 *  hf-route (/hf, key-auth) at `host:port`, consumer alice (key alice-key) in consumer group gold. */
export function deckEnvironment(host: string, port: number | string): string {
  return `services:
  - name: hf
    host: ${host}
    port: ${port}
    routes:
      - name: hf-route
        paths: [/hf]
        plugins:
          - name: key-auth
consumer_groups:
  - name: gold
consumers:
  - username: alice
    keyauth_credentials:
      - key: alice-key
    groups:
      - name: gold
`;
}
