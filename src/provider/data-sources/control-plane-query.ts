// What konnect_gateway_control_plane and konnect_gateway_control_plane_list share, as the
// official v3.19.0 declares it: the inputs (filter, filter_labels, sort), the seven computed
// attributes of one control plane, the mapping of an API control plane onto them, and the
// check that each filter field uses one operator (as the API's descriptions require).
import { AttributePath } from '../../common/index.js';
import { cty } from '../../cty/index.js';
import { attr, type Attributes, type JsObject, type JsValue, type ValidateConfigRequest } from '../../framework/index.js';
import type { ControlPlane, ControlPlaneQuery } from '../../konnect/index.js';
import { plainDescriptions } from '../resources/schema-util.js';

const op = {
  eq: () => attr.string({ optional: true, description: 'The field exactly matches the provided value.' }),
  neq: () => attr.string({ optional: true, description: 'The field does not match the provided value.' }),
  oeq: () => attr.string({ optional: true, description: 'The field matches any of the provided values.' }),
  contains: () => attr.string({ optional: true, description: 'The field contains the provided value.' }),
};

const SORT_DESCRIPTION = 'Sorts a collection of control-planes. Supported sort attributes are:\n  - created_at';

/** filter, filter_labels, sort: the inputs of both data sources. */
export const queryAttributes = (): Attributes => ({
  ...plainDescriptions({
    filter: attr.single(
      {
        cloud_gateway: attr.bool({ optional: true, description: 'Filter by a boolean value (true/false).' }),
        cluster_type: attr.single(
          { eq: op.eq(), neq: op.neq(), oeq: op.oeq() },
          { optional: true, description: 'Filter using **one** of the following operators: `eq`, `oeq`, `neq`' },
        ),
        id: attr.single({ eq: op.eq(), oeq: op.oeq() }, { optional: true, description: 'Filter using **one** of the following operators: `eq`, `oeq`' }),
        name: attr.single(
          { contains: op.contains(), eq: op.eq(), neq: op.neq() },
          { optional: true, description: 'Filter using **one** of the following operators: `eq`, `neq`, `contains`' },
        ),
      },
      { optional: true, description: 'Filters a collection of control-planes.' },
    ),
    filter_labels: attr.string({ optional: true, description: 'Filter control planes in the response by associated labels.' }),
  }),
  sort: attr.string({ optional: true, description: SORT_DESCRIPTION, descriptionKind: 'markdown' }),
});

const proxyUrl = {
  host: attr.string({ computed: true, description: 'Hostname of the proxy URL.' }),
  port: attr.number({ computed: true, description: 'Port of the proxy URL.' }),
  protocol: attr.string({ computed: true, description: 'Protocol of the proxy URL.' }),
};

/** The seven computed attributes of one control plane. */
export const controlPlaneAttributes = (): Attributes => ({
  ...plainDescriptions({
    config: attr.single(
      {
        auth_type: attr.string({ computed: true, description: 'The auth type value of the cluster associated with the Runtime Group.' }),
        cloud_gateway: attr.bool({ computed: true, description: 'Whether the Control Plane can be used for cloud-gateways.' }),
        cluster_type: attr.string({ computed: true, description: 'The ClusterType value of the cluster associated with the Control Plane.' }),
        control_plane_endpoint: attr.string({ computed: true, description: 'Control Plane Endpoint.' }),
        proxy_urls: attr.setNested(proxyUrl, {
          computed: true,
          description: 'Array of proxy URLs associated with reaching the data-planes connected to a control-plane.',
        }),
        telemetry_endpoint: attr.string({ computed: true, description: 'Telemetry Endpoint.' }),
      },
      { computed: true, description: 'CP configuration object for related access endpoints.' },
    ),
    description: attr.string({ computed: true, description: 'The description of the control plane in Konnect.' }),
    id: attr.string({ computed: true, description: 'The control plane ID.' }),
    name: attr.string({ computed: true, description: 'The name of the control plane.' }),
  }),
  labels: attr.map(cty.string, {
    computed: true,
    descriptionKind: 'markdown',
    description:
      'Labels store metadata of an entity that can be used for filtering an entity list or for searching across entity types. \n\n' +
      'Keys must be of length 1-63 characters, and cannot start with "kong", "konnect", "mesh", "kic", or "_".',
  }),
});

/** The configuration's inputs as the client's query. */
export function queryFromConfig(config: JsObject): ControlPlaneQuery {
  return {
    filter: (config.filter ?? null) as ControlPlaneQuery['filter'],
    labels: typeof config.filter_labels === 'string' ? config.filter_labels : null,
    sort: typeof config.sort === 'string' ? config.sort : null,
  };
}

/** One API control plane as the data sources' state (labels null when empty, as the official). */
export function controlPlaneState(cp: ControlPlane): JsObject {
  const cfg = cp.config ?? ({} as Partial<ControlPlane['config']>);
  const labels = cp.labels && Object.keys(cp.labels).length > 0 ? { ...cp.labels } : null;
  return {
    config: {
      auth_type: cfg.auth_type ?? null,
      cloud_gateway: typeof cfg.cloud_gateway === 'boolean' ? cfg.cloud_gateway : null,
      cluster_type: cfg.cluster_type ?? null,
      control_plane_endpoint: cfg.control_plane_endpoint ?? null,
      proxy_urls: (cfg.proxy_urls ?? []).map((u) => ({ host: u.host, port: u.port, protocol: u.protocol })),
      telemetry_endpoint: cfg.telemetry_endpoint ?? null,
    },
    description: cp.description ?? null,
    id: cp.id,
    labels,
    name: cp.name,
  };
}

/** "name contains "ai", cloud_gateway = true, labels env:prod": the configured inputs, for messages. */
export function describeQuery(config: JsObject): string {
  const parts: string[] = [];
  const f = (config.filter ?? {}) as Record<string, JsValue>;
  if (typeof f.cloud_gateway === 'boolean') parts.push(`filter.cloud_gateway = ${f.cloud_gateway}`);
  for (const field of ['cluster_type', 'id', 'name']) {
    for (const [o, v] of Object.entries((f[field] ?? {}) as Record<string, JsValue>)) if (typeof v === 'string') parts.push(`filter.${field}.${o} = ${JSON.stringify(v)}`);
  }
  if (typeof config.filter_labels === 'string') parts.push(`filter_labels = ${JSON.stringify(config.filter_labels)}`);
  return parts.length > 0 ? parts.join(', ') : 'no filter';
}

/** ValidateDataResourceConfig: each filter field takes one operator (Unknown counts as set). */
export function validateQuery(req: ValidateConfigRequest): void {
  const f = req.config.filter as Record<string, JsValue> | null | undefined;
  if (!f) return;
  for (const field of ['cluster_type', 'id', 'name']) {
    const ops = f[field] as Record<string, JsValue> | null | undefined;
    if (!ops) continue;
    const set = Object.entries(ops).filter(([, v]) => v !== null && v !== undefined).map(([o]) => o);
    if (set.length > 1) {
      // On `filter`, naming filter.<field> in the text: Terraform shows the source line of a
      // top-level attribute, but for a path inside an object value only the enclosing block.
      req.diagnostics.addAttributeError(
        AttributePath.root.attr('filter'),
        'More than one filter operator',
        `filter.${field} sets ${set.join(' and ')}; Konnect filters a field with one operator. Keep one of them (for several values use oeq = "a,b" where the field has it).`,
      );
    }
  }
}

/** Konnect names query parameters ("labels", "filter.name.eq"); map them onto the attributes. */
export function queryFieldPath(field: string): AttributePath | undefined {
  if (field === 'labels') return AttributePath.root.attr('filter_labels');
  if (field === 'sort') return AttributePath.root.attr('sort');
  const steps = field.replace(/\[([^\]]*)\]/g, '.$1').split('.').filter((s) => s !== '');
  if (steps[0] !== 'filter') return undefined;
  let p = AttributePath.root;
  for (const s of steps) p = p.attr(s);
  return p;
}
