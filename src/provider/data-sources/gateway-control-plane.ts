// data "konnect_gateway_control_plane" (konnect-provider-more.md §5): one unpaged
// GET /v2/control-planes with the configured filter, labels and sort; the first control plane
// of the answer becomes the state. The official provider answers an empty list with "Missing
// response body array data."; ours names the filter that matched nothing and what to do.
import { AttributePath } from '../../common/index.js';
import type { AnyDataSource } from '../../framework/index.js';
import { firstControlPlanes } from '../../konnect/index.js';
import type { KonnectProviderData } from '../provider-data.js';
import { konnectCall } from '../resources/konnect-call.js';
import { controlPlaneAttributes, controlPlaneState, describeQuery, queryAttributes, queryFieldPath, queryFromConfig, validateQuery } from './control-plane-query.js';

const TYPE = 'konnect_gateway_control_plane';

export const gatewayControlPlaneDataSource = (): AnyDataSource<KonnectProviderData> => ({
  typeName: TYPE,
  schema: () => ({ description: 'GatewayControlPlane DataSource', attributes: { ...controlPlaneAttributes(), ...queryAttributes() } }),
  validateConfig: validateQuery,
  async read(req) {
    const found = await konnectCall(req, { action: `read data.${TYPE}`, fieldPath: queryFieldPath }, (d, signal) => firstControlPlanes(d.client, queryFromConfig(req.config), signal));
    if (!found) return undefined;
    const first = found[0];
    if (!first) {
      const filtered = req.config.filter !== null || req.config.filter_labels !== null;
      const detail =
        `Konnect has no control plane matching ${describeQuery(req.config)}. ` +
        (filtered
          ? 'Check the filter (names are case-sensitive; filter.name.contains matches a part of the name), the server_url region, and that the control plane exists.'
          : 'The organisation has no control planes in this region: create one (resource konnect_gateway_control_plane) or check server_url.');
      const path = req.config.filter !== null ? AttributePath.root.attr('filter') : req.config.filter_labels !== null ? AttributePath.root.attr('filter_labels') : undefined;
      if (path) req.diagnostics.addAttributeError(path, 'No control plane found', detail);
      else req.diagnostics.addError('No control plane found', detail);
      return undefined;
    }
    return controlPlaneState(first);
  },
});
