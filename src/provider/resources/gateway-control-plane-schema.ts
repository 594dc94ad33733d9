// konnect_gateway_control_plane's schema, attribute for attribute as the official provider
// (konnect.md §3.1): top-level cluster_type/auth_type/cloud_gateway/proxy_urls are inputs, the
// server's view of them is the computed `config` object.
import { cty } from '../../cty/index.js';
import { attr, requiresReplaceIfConfigured, useStateForUnknown, validate, type SchemaSpec } from '../../framework/index.js';
import { plainDescriptions } from './schema-util.js';
import { AUTH_TYPES, CLUSTER_TYPES, CLUSTER_TYPES_V3_19 } from '../../schemas/index.js';

const PROXY_URLS = 'Array of proxy URLs associated with reaching the data-planes connected to a control-plane.';
const proxyUrl = (mode: 'input' | 'computed') =>
  mode === 'input'
    ? {
        host: attr.string({ required: true, description: 'Hostname of the proxy URL.', validators: [validate.lengthBetween(1, 120)] }),
        port: attr.number({ required: true, description: 'Port of the proxy URL.', validators: [validate.atLeast(1)] }),
        protocol: attr.string({ required: true, description: 'Protocol of the proxy URL.', validators: [validate.lengthBetween(1, 32)] }),
      }
    : {
        host: attr.string({ computed: true, description: 'Hostname of the proxy URL.' }),
        port: attr.number({ computed: true, description: 'Port of the proxy URL.' }),
        protocol: attr.string({ computed: true, description: 'Protocol of the proxy URL.' }),
      };

const known = (values: readonly string[]) => `possible known values include one of [${values.map((v) => JSON.stringify(v)).join(', ')}]`;

export const controlPlaneSchema: SchemaSpec = {
  description: 'GatewayControlPlane Resource',
  attributes: plainDescriptions(
    {
      auth_type: attr.string({
        optional: true,
        description: `The auth type value of the cluster associated with the Runtime Group. ${known(AUTH_TYPES)}`,
        validators: [validate.oneOf(...AUTH_TYPES)],
      }),
      cloud_gateway: attr.bool({
        optional: true,
        description: 'Whether this control-plane can be used for cloud-gateways. Requires replacement if changed.',
        planModifiers: [requiresReplaceIfConfigured()],
      }),
      cluster_type: attr.string({
        optional: true,
        description: `The ClusterType value of the cluster associated with the Control Plane. ${known(CLUSTER_TYPES_V3_19)}; Requires replacement if changed.`,
        // Every type the Control Planes API accepts (v3.19.0's list plus newer ones).
        validators: [validate.oneOf(...CLUSTER_TYPES)],
        planModifiers: [requiresReplaceIfConfigured()],
      }),
      config: attr.single(
        {
          auth_type: attr.string({ computed: true, description: 'The auth type value of the cluster associated with the Runtime Group.' }),
          cloud_gateway: attr.bool({ computed: true, description: 'Whether the Control Plane can be used for cloud-gateways.' }),
          cluster_type: attr.string({ computed: true, description: 'The ClusterType value of the cluster associated with the Control Plane.' }),
          control_plane_endpoint: attr.string({ computed: true, description: 'Control Plane Endpoint.' }),
          proxy_urls: attr.setNested(proxyUrl('computed'), { computed: true, description: PROXY_URLS }),
          telemetry_endpoint: attr.string({ computed: true, description: 'Telemetry Endpoint.' }),
        },
        { computed: true, description: 'CP configuration object for related access endpoints.' },
      ),
      description: attr.string({
        optional: true,
        computed: true,
        description: 'The description of the control plane in Konnect.',
        validators: [validate.lengthAtMost(2048)],
      }),
      id: attr.string({ computed: true, description: 'The control plane ID.', planModifiers: [useStateForUnknown()] }),
      labels: attr.map(cty.string, {
        optional: true,
        computed: true,
        description:
          'Labels store metadata of an entity that can be used for filtering an entity list or for searching across entity types. \n\n' +
          'Keys must be of length 1-63 characters, and cannot start with "kong", "konnect", "mesh", "kic", or "_".',
      }),
      name: attr.string({ required: true, description: 'The name of the control plane.', validators: [validate.lengthBetween(2, 256)] }),
      proxy_urls: attr.setNested(proxyUrl('input'), { optional: true, description: PROXY_URLS, validators: [validate.sizeAtMost(5)] }),
    },
    new Set(['labels']),
  ),
};
