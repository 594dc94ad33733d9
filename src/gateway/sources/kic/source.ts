// The KIC manifests source: `--kic PATH` (a file or a directory). Loads, translates as KIC would,
// validates plugin configs, and yields one snapshot; watches the path and re-applies on change,
// keeping the last good snapshot when an edit breaks something.
import { watch, type FSWatcher } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ConfigSnapshot, ConfigSource, SnapshotOrigin } from '../../config/snapshot.js';
import type { Plugin } from '../../../schemas/entities.js';
import { preparePlugin as validateKnownPlugin } from '../prepare-plugin.js';
import { loadManifests } from './manifests.js';
import { translateManifests } from './translate.js';

/** Validates and fills one plugin's config; returns Kong's error text when it is invalid. */
export type PluginPreparer = (plugin: Plugin) => { readonly plugin: Plugin } | { readonly error: string };

export interface KicSourceOptions {
  readonly path: string;
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

  constructor(private readonly opts: KicSourceOptions) {
    this.origin = { kind: 'kic', location: opts.path };
  }

  /** One load: a snapshot, or an Error listing every problem (KIC's texts, with file and document). */
  async load(): Promise<ConfigSnapshot> {
    const manifests = await loadManifests(this.opts.path);
    const result = translateManifests(manifests, { ingressClass: this.opts.ingressClass ?? 'kong', parseYaml });
    for (const w of result.warnings) this.opts.log?.(`kic: warning: ${w}`);
    if ('errors' in result) throw new Error(`KIC manifests in ${this.opts.path} were rejected:\n  ${result.errors.join('\n  ')}`);
    const plugins: Plugin[] = [];
    const problems: string[] = [];
    for (const p of result.entities.plugins) {
      const prepared = (this.opts.preparePlugin ?? validateKnownPlugin)(p);
      if ('error' in prepared) problems.push(`${p.tags?.find((t) => t.startsWith('k8s-kind:'))?.slice(9) ?? 'plugin'} ${pluginLabel(p)}: ${prepared.error}`);
      else plugins.push(prepared.plugin);
    }
    if (problems.length) throw new Error(`KIC manifests in ${this.opts.path} were rejected:\n  ${problems.join('\n  ')}`);
    return Object.freeze({
      origin: this.origin,
      revision: ++this.revision,
      loadedAt: new Date(),
      ...result.entities,
      plugins,
    });
  }

  async start(handlers: { onSnapshot(s: ConfigSnapshot): void; onError(e: Error): void }): Promise<ConfigSnapshot> {
    const first = await this.load();
    if (this.opts.watch !== false) {
      try {
        this.watcher = watch(this.opts.path, { recursive: true, persistent: false }, () => {
          clearTimeout(this.timer);
          this.timer = setTimeout(() => {
            this.load().then(
              (s) => {
                this.opts.log?.(`kic: reloaded ${this.opts.path} (revision ${s.revision})`);
                handlers.onSnapshot(s);
              },
              (e: unknown) => handlers.onError(new Error(`kic: keeping the last good configuration: ${e instanceof Error ? e.message : String(e)}`)),
            );
          }, 150);
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
