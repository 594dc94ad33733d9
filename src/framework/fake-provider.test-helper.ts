// Test-only: a fake provider with one resource, `fake_thing`, whose schema has the tricky shapes
// (nested optional+computed objects with defaults, sets, lists that may be empty, write-only
// attributes, computed nested objects) and whose "remote API" is an in-memory map that — like
// Konnect — fills defaults, reorders sets and returns [] where the client sent nothing.
import { Diagnostics } from '../common/index.js';
import { cty } from '../cty/index.js';
import {
  attr,
  FrameworkServer,
  requiresReplaceIfConfigured,
  useStateForUnknown,
  validate,
  overlayKnown,
  withoutUnknowns,
  type JsObject,
  type Provider,
  type Resource,
  type ResourceWithImportState,
  type ResourceWithValidateConfig,
} from './index.js';

export interface Remote {
  objects: Map<string, Record<string, unknown>>;
  nextId: number;
  calls: string[];
  /** Make the next call throw this. */
  failNext?: Error;
  /** Seen write-only values (to prove the resource got them from config). */
  tokens: string[];
}

export const thingSchema = {
  version: 1,
  description: 'A thing.',
  attributes: {
    id: attr.string({ computed: true, planModifiers: [useStateForUnknown()], description: 'Id.' }),
    name: attr.string({ required: true, validators: [validate.lengthBetween(2, 20)] }),
    region: attr.string({ optional: true, planModifiers: [requiresReplaceIfConfigured()] }),
    port: attr.number({ optional: true, computed: true, default: 80, validators: [validate.between(1, 65535)] }),
    tags: attr.list(cty.string, { optional: true }),
    labels: attr.map(cty.string, { optional: true, computed: true }),
    protocols: attr.set(cty.string, { optional: true, computed: true, default: ['http', 'https'] }),
    updated_at: attr.number({ computed: true }),
    auth: attr.single(
      {
        header_name: attr.string({ optional: true }),
        header_value: attr.string({ optional: true, sensitive: true }),
        allow_override: attr.bool({ optional: true, computed: true, default: false }),
      },
      { optional: true, computed: true, default: null },
    ),
    token_wo: attr.string({ optional: true, writeOnly: true, sensitive: true }),
    token_wo_version: attr.number({ optional: true }),
    proxy_urls: attr.setNested({ host: attr.string({ required: true }), port: attr.number({ required: true }) }, { optional: true }),
    endpoints: attr.single({ control: attr.string({ computed: true }) }, { computed: true }),
    rules: attr.listNested({ path: attr.string({ required: true }), weight: attr.number({ optional: true, computed: true, default: 1 }) }, { optional: true }),
  },
} as const;

type P = Remote;

function toRemote(plan: JsObject): Record<string, unknown> {
  const { token_wo: _wo, ...rest } = plan;
  return rest;
}

export class FakeThing implements Resource<P>, ResourceWithImportState<P>, ResourceWithValidateConfig {
  readonly typeName = 'fake_thing';
  schema() {
    return thingSchema;
  }
  async create(req: Parameters<Resource<P>['create']>[0]) {
    const r = req.providerData;
    r.calls.push('create');
    if (r.failNext) {
      const e = r.failNext;
      delete r.failNext;
      throw e;
    }
    if (typeof req.config.token_wo === 'string') r.tokens.push(req.config.token_wo);
    const id = `t${r.nextId++}`;
    const obj = this.store(r, id, toRemote(withoutUnknowns(req.plan) as JsObject));
    return obj as JsObject;
  }
  async read(req: Parameters<Resource<P>['read']>[0]) {
    req.providerData.calls.push('read');
    const obj = req.providerData.objects.get(String(req.state.id));
    return obj === undefined ? null : (obj as JsObject);
  }
  async update(req: Parameters<Resource<P>['update']>[0]) {
    const r = req.providerData;
    r.calls.push('update');
    if (typeof req.config.token_wo === 'string') r.tokens.push(req.config.token_wo);
    return this.store(r, String(req.state.id), toRemote(overlayKnown(req.state, req.plan) as JsObject)) as JsObject;
  }
  async delete(req: Parameters<Resource<P>['delete']>[0]) {
    req.providerData.calls.push('delete');
    req.providerData.objects.delete(String(req.state.id));
  }
  async importState(req: Parameters<ResourceWithImportState<P>['importState']>[0]) {
    if (!/^t\d+$/.test(req.id)) {
      req.diagnostics.addError('Invalid import id', `Expected an id like "t1", got ${JSON.stringify(req.id)}.`);
      return undefined;
    }
    return { id: req.id };
  }
  validateConfig(req: { config: JsObject; diagnostics: Diagnostics }) {
    const auth = req.config.auth as JsObject | null;
    if (auth && typeof auth.header_value === 'string' && auth.header_value.includes('var.')) {
      req.diagnostics.addWarning('Literal var. in header_value', 'Did you mean ${var.x}?');
    }
  }

  /** The "API": fills defaults like a server, reorders the set, answers {} for absent labels. */
  private store(r: Remote, id: string, input: Record<string, unknown>) {
    const prev = r.objects.get(id);
    const obj: Record<string, unknown> = {
      ...input,
      id,
      updated_at: ((prev?.updated_at as number | undefined) ?? 1000) + 1,
      endpoints: { control: `https://${id}.cp.example` },
      labels: input.labels ?? {},
      tags: input.tags ?? null,
      protocols: Array.isArray(input.protocols) ? [...(input.protocols as string[])].reverse() : input.protocols,
    };
    r.objects.set(id, obj);
    return obj;
  }
}

export function fakeProvider(remote: Remote): Provider<P> {
  return {
    typeName: 'fake',
    version: '1.0.0',
    schema: () => ({ attributes: { token: attr.string({ optional: true, sensitive: true }) } }),
    configure: async () => remote,
    resources: () => [new FakeThing()],
  };
}

export function newRemote(): Remote {
  return { objects: new Map(), nextId: 1, calls: [], tokens: [] };
}

export function fakeServer(remote = newRemote(), log?: ConstructorParameters<typeof FrameworkServer>[1]) {
  return { remote, server: new FrameworkServer(fakeProvider(remote), log) };
}
