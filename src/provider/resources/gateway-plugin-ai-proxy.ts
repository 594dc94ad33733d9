// konnect_gateway_plugin_ai_proxy: the ai-proxy plugin of a Konnect control plane, global or
// scoped by service/route/consumer/consumer_group — the generic table resource (POST to the
// top-level plugins collection, PUT on update, DELETE, 404 on read removes it; import id
// `{"control_plane_id": "…", "id": "…"}`, konnect.md §8) plus Kong's ai-proxy rules at validate
// (generated-resources.ts).
import type { TableResource } from './table-resource.js';
import { tableResource } from './generated-resources.js';
import { AI_PROXY_TYPE } from './gateway-plugin-ai-proxy-schema.js';

export const gatewayPluginAiProxy = (): TableResource => tableResource(AI_PROXY_TYPE);
