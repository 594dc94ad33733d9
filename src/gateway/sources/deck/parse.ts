// A decK state file (`_format_version: "3.0"`) → one validated, immutable configuration:
// services with nested routes and plugins, top-level routes and plugins (refs by name or id),
// consumers with key-auth credentials and groups, consumer groups. ai-proxy configs are checked
// and defaults-filled by the one schema in src/schemas. Errors name the file, the entity and the
// field (`kong.yaml: plugins[0] (plugin ai-proxy): config.model.provider: required field missing`).
import { parse as parseYaml } from 'yaml';
import type {
  Consumer,
  ConsumerGroup,
  ConsumerGroupMembership,
  KeyAuthCredential,
  Plugin,
  Route,
  Service,
} from '../../../schemas/entities.js';
import { errorList, validatePlugin } from '../../../schemas/index.js';
import type { ConfigSnapshot, SnapshotEntities } from '../../config/snapshot.js';
import { compileRouter } from '../../router/index.js';
import { isRec, Problems, Reader, stableId, toRoute, toService, type Rec } from './entities.js';
import { renderDeckTemplate } from './template.js';

export type DeckContent = SnapshotEntities;
export type DeckParse = { readonly ok: true; readonly content: DeckContent } | { readonly ok: false; readonly errors: readonly string[] };

interface PendingPlugin {
  rec: Rec;
  where: string;
  service: string | null;
  route: string | null;
  consumer: string | null;
  consumerGroup: string | null;
}

const SUPPORTED_FORMATS = new Set(['3.0', '1.1']);

export function parseDeck(fileLabel: string, text: string, env: NodeJS.ProcessEnv = process.env): DeckParse {
  const rendered = renderDeckTemplate(text, env);
  if (!rendered.ok) return { ok: false, errors: [`${fileLabel}:${rendered.error.line}: ${rendered.error.message}`] };
  let doc: unknown;
  try {
    doc = parseYaml(rendered.text);
  } catch (err) {
    // The YAML error quotes the offending text, which may hold a substituted secret: keep its position only.
    const e = err as { linePos?: { line: number; col: number }[] };
    const pos = e.linePos?.[0];
    return { ok: false, errors: [`${fileLabel}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML; check the indentation and quoting there`] };
  }
  if (!isRec(doc)) return { ok: false, errors: [`${fileLabel}: expected a YAML mapping with _format_version: "3.0"`] };
  const problems = new Problems();
  const fmt = doc._format_version;
  if (fmt === undefined) problems.add(fileLabel, '_format_version', 'required field missing; add _format_version: "3.0"');
  else if (typeof fmt !== 'string' || !SUPPORTED_FORMATS.has(fmt)) problems.add(fileLabel, '_format_version', 'expected "3.0" (quoted)');

  const top = new Reader(doc, fileLabel, problems);
  const services: Service[] = [];
  const routes: Route[] = [];
  const pending: PendingPlugin[] = [];
  const nested = (rec: Rec, where: string, refs: Omit<PendingPlugin, 'rec' | 'where'>) =>
    new Reader(rec, where, problems).list('plugins').forEach((p, i) => pending.push({ rec: p, where: `${where}.plugins[${i}]`, ...refs }));
  const none = { service: null, route: null, consumer: null, consumerGroup: null };

  top.list('services').forEach((s, i) => {
    const where = `${fileLabel}: services[${i}]`;
    const service = toService(s, where, problems);
    services.push(service);
    nested(s, `services[${i}]`, { ...none, service: service.id });
    new Reader(s, where, problems).list('routes').forEach((r, j) => {
      const route = toRoute(r, `${where}.routes[${j}]`, problems, service.id);
      routes.push(route);
      nested(r, `services[${i}].routes[${j}]`, { ...none, route: route.id });
    });
  });
  const serviceRef = refResolver(services, (s) => s.name);
  top.list('routes').forEach((r, j) => {
    const where = `${fileLabel}: routes[${j}]`;
    const ref = typeof r.service === 'string' ? r.service : isRec(r.service) && typeof r.service.id === 'string' ? r.service.id : null;
    const serviceId = ref === null ? null : serviceRef(ref);
    if (ref !== null && serviceId === null) problems.add(where, 'service', 'no service with that name or id in this file');
    const route = toRoute(r, where, problems, serviceId);
    routes.push(route);
    nested(r, `routes[${j}]`, { ...none, route: route.id });
  });

  const consumers: Consumer[] = [];
  const credentials: KeyAuthCredential[] = [];
  const groups: ConsumerGroup[] = [];
  const members: ConsumerGroupMembership[] = [];
  const memberNames: { consumer: string; group: string; where: string }[] = [];
  top.list('consumer_groups').forEach((g, i) => {
    const where = `${fileLabel}: consumer_groups[${i}]`;
    const r = new Reader(g, where, problems);
    const name = r.str('name');
    if (name === null) problems.add(where, 'name', 'required field missing');
    const group: ConsumerGroup = { id: r.str('id') ?? stableId('consumer_group', name ?? where), name: name ?? '', tags: r.strings('tags'), created_at: 0, updated_at: 0 };
    groups.push(group);
    nested(g, `consumer_groups[${i}]`, { ...none, consumerGroup: group.id });
    r.list('consumers').forEach((c) => typeof c.username === 'string' && memberNames.push({ consumer: c.username, group: group.id, where }));
  });
  const groupRef = refResolver(groups, (g) => g.name);
  top.list('consumers').forEach((c, i) => {
    const where = `${fileLabel}: consumers[${i}]`;
    const r = new Reader(c, where, problems);
    const username = r.str('username');
    const customId = r.str('custom_id');
    if (username === null && customId === null) problems.add(where, '', "at least one of these fields must be non-empty: 'custom_id', 'username'");
    const consumer: Consumer = { id: r.str('id') ?? stableId('consumer', username ?? customId ?? where), username, custom_id: customId, tags: r.strings('tags'), created_at: 0, updated_at: 0 };
    consumers.push(consumer);
    nested(c, `consumers[${i}]`, { ...none, consumer: consumer.id });
    r.list('keyauth_credentials').forEach((k, j) => {
      const kr = new Reader(k, `${where}.keyauth_credentials[${j}]`, problems);
      const key = kr.str('key');
      if (key === null) problems.add(`${where}.keyauth_credentials[${j}]`, 'key', 'required field missing');
      else credentials.push({ id: kr.str('id') ?? stableId('keyauth', `${consumer.id}:${j}`), key, consumer: { id: consumer.id }, tags: kr.strings('tags'), ttl: null, created_at: 0 });
    });
    r.list('groups').forEach((g, j) => {
      const ref = typeof g.name === 'string' ? g.name : typeof g.id === 'string' ? g.id : null;
      const id = ref === null ? null : groupRef(ref);
      if (id === null) problems.add(where, `groups[${j}]`, 'no consumer group with that name or id in this file');
      else members.push({ consumer_group: { id }, consumer: { id: consumer.id } });
    });
  });
  const consumerRef = refResolver(consumers, (c) => c.username ?? c.custom_id);
  for (const m of memberNames) {
    const id = consumerRef(m.consumer);
    if (id === null) problems.add(m.where, 'consumers', `no consumer with that username in this file`);
    else members.push({ consumer_group: { id: m.group }, consumer: { id } });
  }
  top.list('plugins').forEach((p, i) => pending.push({ rec: p, where: `plugins[${i}]`, ...none }));

  const routeRef = refResolver(routes, (r) => r.name);
  const plugins = pending.map((p) => toPlugin(p, fileLabel, problems, { service: serviceRef, route: routeRef, consumer: consumerRef, consumer_group: groupRef }));

  const { errors: routerErrors } = compileRouter(routes, services);
  for (const e of routerErrors) problems.add(`${fileLabel}: route ${e.route.name ?? e.route.id}`, 'paths', e.message);
  if (problems.items.length > 0) return { ok: false, errors: problems.items };
  return {
    ok: true,
    content: deepFreeze({ services, routes, consumers, consumerGroups: groups, consumerGroupMembers: members, keyAuthCredentials: credentials, plugins }),
  };
}

function refResolver<T extends { id: string }>(items: readonly T[], name: (t: T) => string | null): (ref: string) => string | null {
  const map = new Map<string, string>();
  for (const t of items) {
    map.set(t.id, t.id);
    const n = name(t);
    if (n !== null && !map.has(n)) map.set(n, t.id);
  }
  return (ref) => map.get(ref) ?? null;
}

type RefKind = 'service' | 'route' | 'consumer' | 'consumer_group';

function toPlugin(p: PendingPlugin, file: string, problems: Problems, refs: Record<RefKind, (ref: string) => string | null>): Plugin {
  const r = new Reader(p.rec, `${file}: ${p.where}`, problems);
  const name = r.str('name');
  const where = `${file}: ${p.where} (plugin ${name ?? '?'})`;
  if (name === null) problems.add(where, 'name', 'required field missing');
  const ref = (kind: RefKind, nestedId: string | null): { id: string } | null => {
    if (nestedId !== null) return { id: nestedId };
    const v = p.rec[kind];
    if (v === undefined || v === null) return null;
    const key = typeof v === 'string' ? v : isRec(v) && typeof v.id === 'string' ? v.id : null;
    const id = key === null ? null : refs[kind](key);
    if (id === null) {
      problems.add(where, kind, `no ${kind.replace('_', ' ')} with that name or id in this file`);
      return null;
    }
    return { id };
  };
  let config: Record<string, unknown> = isRec(p.rec.config) ? p.rec.config : {};
  if (p.rec.config !== undefined && p.rec.config !== null && !isRec(p.rec.config)) problems.add(where, 'config', 'expected a record');
  const protocols = r.strings('protocols');
  const enabled = r.bool('enabled', true);
  const scope = { service: ref('service', p.service), route: ref('route', p.route), consumer: ref('consumer', p.consumer), consumer_group: ref('consumer_group', p.consumerGroup) };
  if (name !== null) {
    // One schema for every source (src/schemas): a name Kong does not know is Kong's
    // `plugin '…' not enabled`; ai-proxy and key-auth are checked and defaults-filled; other known
    // plugins keep their config as given, and the proxy refuses the requests they apply to.
    const checked = validatePlugin({ name, config, enabled, ...(protocols ? { protocols } : {}), ...scope });
    if (!checked.ok) for (const e of errorList(checked.fields)) problems.add(where, e.path.toString(), e.message);
    else config = checked.value.config;
  }
  return {
    id: r.str('id') ?? stableId('plugin', `${p.where}:${name}`),
    name: name ?? '',
    instance_name: r.str('instance_name'),
    config,
    enabled,
    protocols: protocols ?? ['grpc', 'grpcs', 'http', 'https'],
    ...scope,
    tags: r.strings('tags'),
    ordering: p.rec.ordering ?? null,
    partials: null,
    created_at: 0,
    updated_at: 0,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
