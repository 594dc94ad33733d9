// Reading Kubernetes manifests: one file or a directory of *.yaml / *.yml / *.json files (or
// standard input, read to its end), each possibly holding several YAML documents (`---`), and
// `kind: List` wrappers unwrapped. Every
// object keeps where it came from, so errors can say "kong/ai-proxy (plugins.yaml, document 2)".
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string | undefined;
    readonly annotations: Readonly<Record<string, string>>;
    readonly labels: Readonly<Record<string, string>>;
  };
  /** The whole object as parsed. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** file and document number, for messages. */
  readonly where: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, val] of Object.entries(v)) if (val !== null && val !== undefined) out[k] = String(val);
  return out;
}

/** Parses YAML text into manifests; throws an Error naming the file and document on bad input. */
export function parseManifests(text: string, file: string): Manifest[] {
  const out: Manifest[] = [];
  const docs = parseAllDocuments(text);
  docs.forEach((doc, i) => {
    const where = `${file}, document ${i + 1}`;
    if (doc.errors.length > 0) throw new Error(`${where}: not valid YAML: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return; // an empty document
    const items = isObject(value) && value['kind'] === 'List' && Array.isArray(value['items']) ? value['items'] : [value];
    for (const item of items) {
      if (!isObject(item)) throw new Error(`${where}: expected a Kubernetes object (a mapping with apiVersion, kind and metadata)`);
      const kind = item['kind'];
      const apiVersion = item['apiVersion'];
      const meta = item['metadata'];
      if (typeof kind !== 'string' || typeof apiVersion !== 'string')
        throw new Error(`${where}: every object needs string fields apiVersion and kind`);
      if (!isObject(meta) || typeof meta['name'] !== 'string' || meta['name'] === '')
        throw new Error(`${where}: ${kind} needs metadata.name`);
      out.push({
        apiVersion,
        kind,
        metadata: {
          name: meta['name'],
          namespace: typeof meta['namespace'] === 'string' ? meta['namespace'] : undefined,
          annotations: stringMap(meta['annotations']),
          labels: stringMap(meta['labels']),
        },
        raw: item,
        where,
      });
    }
  });
  return out;
}

/** Every manifest under `path` (a file, or a directory read recursively in name order). */
export async function loadManifests(path: string): Promise<Manifest[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new Error(`--kic ${path}: no such file or directory; pass a manifest file or a directory of them`);
  }
  if (info.isFile()) return parseManifests(await readFile(path, 'utf8'), path);
  const out: Manifest[] = [];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const full = join(path, e.name);
    if (e.isDirectory()) out.push(...(await loadManifests(full)));
    else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(...parseManifests(await readFile(full, 'utf8'), full));
  }
  return out;
}

/** Everything a stream holds, as UTF-8 (standard input for `--kic -`, like `kubectl apply -f -`). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
