// The KIC manifests source: `--kic PATH` (a file or a directory) or `--kic -` (standard input, as
// `kubectl apply -f -` reads it). Loads, translates as KIC would, validates plugin configs, and
// yields one snapshot; watches the path and re-applies on change (and on reload()), keeping the
// last good snapshot when an edit breaks something. Standard input is read once: it cannot be
// watched or reloaded, and the source says so.
import { watch, type FSWatcher } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ConfigSnapshot, ConfigSource, SnapshotOrigin } from '../../config/snapshot.js';
import type { Plugin } from '../../../schemas/entities.js';
import { preparePlugin as validateKnownPlugin } from '../prepare-plugin.js';
import { loadManifests, parseManifests, readAll, type Manifest } from './manifests.js';
import { translateManifests } from './translate.js';

/** Validates and fills one plugin's config; returns Kong's error text when it is invalid. */
export type PluginPreparer = (plugin: Plugin) => { readonly plugin: Plugin } | { readonly error: string };

/** `--kic -`: the manifests come from standard input. */
export const STDIN_PATH = '-';

export interface KicSourceOptions {
  /** A file, a directory, or "-" for standard input. */
  readonly path: string;
  /** Where "-" reads from (default process.stdin). */
  readonly stdin?: NodeJS.ReadableStream;
  readonly ingressClass?: string;
  /** Default: validate ai-proxy and key-auth with the shared schema (sources/prepare-plugin.ts). */
  readonly preparePlugin?: PluginPreparer;
  /** Re-read on file changes (default true). */
  readonly watch?: boolean;
  readonly log?: (line: string) => void;
}

export class KicSource implements ConfigSource {
  readonly origin: SnapshotOrigin;
  private revision = 0;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private handlers: { onSnapshot(s: ConfigSnapshot): void; onError(e: Error): void } | undefined;
  /** Standard input, parsed once (it cannot be read twice). */
  private stdin: Promise<Manifest[]> | undefined;

  constructor(private readonly opts: KicSourceOptions) {
    this.origin = { kind: 'kic', location: this.fromStdin ? 'standard input' : opts.path };
  }

  private get fromStdin(): boolean {
    return this.opts.path === STDIN_PATH;
  }

  private manifests(): Promise<Manifest[]> {
    if (!this.fromStdin) return loadManifests(this.opts.path);
    if (!this.stdin) {
      const input = this.opts.stdin ?? process.stdin;
      if ((input as { isTTY?: boolean }).isTTY) this.opts.log?.('kic: reading manifests from standard input until it ends (Ctrl-D)');
      this.stdin = readAll(input).then((text) => parseManifests(text, 'standard input'));
    }
    return this.stdin;
  }

  /** One load: a snapshot, or an Error listing every problem (KIC's texts, with file and document). */
  async load(): Promise<ConfigSnapshot> {
    const where = this.origin.location;
    const manifests = await this.manifests();
    if (manifests.length === 0) this.opts.log?.(`kic: warning: no Kubernetes objects in ${where}`);
    const result = translateManifests(manifests, { ingressClass: this.opts.ingressClass ?? 'kong', parseYaml });
    for (const w of result.warnings) this.opts.log?.(`kic: warning: ${w}`);
    if ('errors' in result) throw new Error(`KIC manifests in ${where} were rejected:\n  ${result.errors.join('\n  ')}`);
    const plugins: Plugin[] = [];
    const problems: string[] = [];
    for (const p of result.entities.plugins) {
      const prepared = (this.opts.preparePlugin ?? validateKnownPlugin)(p);
      if ('error' in prepared) problems.push(`${p.tags?.find((t) => t.startsWith('k8s-kind:'))?.slice(9) ?? 'plugin'} ${pluginLabel(p)}: ${prepared.error}`);
      else plugins.push(prepared.plugin);
    }
    if (problems.length) throw new Error(`KIC manifests in ${where} were rejected:\n  ${problems.join('\n  ')}`);
    return Object.freeze({
      origin: this.origin,
      revision: ++this.revision,
      loadedAt: new Date(),
      ...result.entities,
      plugins,
      unattachedPlugins: result.unattached,
    });
  }

  /** Load again now (SIGHUP); a bad edit keeps the last good snapshot. Standard input cannot be read again. */
  reload(): void {
    const handlers = this.handlers;
    if (!handlers) return;
    if (this.fromStdin) {
      this.opts.log?.('kic: not reloaded: the manifests came from standard input, which can be read only once; restart with the new manifests, or pass a file or directory to --kic to reload on change');
      return;
    }
    this.load().then(
      (s) => {
        this.opts.log?.(`kic: reloaded ${this.opts.path} (revision ${s.revision})`);
        handlers.onSnapshot(s);
      },
      (e: unknown) => handlers.onError(new Error(`kic: keeping the last good configuration: ${e instanceof Error ? e.message : String(e)}`)),
    );
  }

  async start(handlers: { onSnapshot(s: ConfigSnapshot): void; onError(e: Error): void }): Promise<ConfigSnapshot> {
    const first = await this.load();
    this.handlers = handlers;
    if (this.opts.watch !== false && this.fromStdin) {
      this.opts.log?.('kic: manifests read from standard input; they cannot be watched or reloaded (restart with new input, or pass a file or directory to --kic to reload on change)');
    } else if (this.opts.watch !== false) {
      try {
        this.watcher = watch(this.opts.path, { recursive: true, persistent: false }, () => {
          clearTimeout(this.timer);
          this.timer = setTimeout(() => this.reload(), 150);
        });
      } catch (e) {
        this.opts.log?.(`kic: cannot watch ${this.opts.path} for changes (${e instanceof Error ? e.message : String(e)}); restart to apply edits`);
      }
    }
    return first;
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}

function pluginLabel(p: Plugin): string {
  const name = p.tags?.find((t) => t.startsWith('k8s-name:'))?.slice(9);
  const ns = p.tags?.find((t) => t.startsWith('k8s-namespace:'))?.slice(14);
  return ns ? `${ns}/${name}` : String(name);
}
