// data "konnect_gateway_control_plane_list" (konnect-provider-more.md §5): every control plane
// matching the configured filter, labels and sort, read page by page (page[size]=100,
// page[number]=1, 2, … as the official); an empty result is an empty `data` list, not an error.
import { attr, type AnyDataSource } from '../../framework/index.js';
import { allControlPlanes } from '../../konnect/index.js';
import type { KonnectProviderData } from '../provider-data.js';
import { konnectCall } from '../resources/konnect-call.js';
import { controlPlaneAttributes, controlPlaneState, queryAttributes, queryFieldPath, queryFromConfig, validateQuery } from './control-plane-query.js';

const TYPE = 'konnect_gateway_control_plane_list';

export const gatewayControlPlaneListDataSource = (): AnyDataSource<KonnectProviderData> => ({
  typeName: TYPE,
  schema: () => ({
    description: 'GatewayControlPlaneList DataSource',
    attributes: { data: attr.listNested(controlPlaneAttributes(), { computed: true, descriptionKind: 'plain' }), ...queryAttributes() },
  }),
  validateConfig: validateQuery,
  async read(req) {
    const all = await konnectCall(req, { action: `read data.${TYPE}`, fieldPath: queryFieldPath }, (d, signal) => allControlPlanes(d.client, queryFromConfig(req.config), signal));
    if (!all) return undefined;
    return { data: all.map(controlPlaneState) };
  },
});
