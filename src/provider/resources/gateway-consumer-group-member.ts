// konnect_gateway_consumer_group_member (konnect-provider-more.md §2): attributes, create
// (POST …/consumer_groups/{group}/consumers {"consumer": id} → 201) and delete (DELETE
// …/consumer_groups/{group}/consumers/{consumer}, 204|404) as the official v3.19.0; every
// attribute requires replacement, so update makes no call. Better than the official, whose Read
// makes no call and which cannot import: read asks Konnect for the consumer's groups, so a
// membership removed out of band (or its consumer or group deleted) leaves the state and the
// next plan re-creates it; import takes the JSON id
// {"consumer_group_id": "…", "consumer_id": "…", "control_plane_id": "…"}.
import { AttributePath } from '../../common/index.js';
import {
  attr,
  requiresReplaceIfConfigured,
  type CreateRequest,
  type DeleteRequest,
  type ImportStateRequest,
  type JsObject,
  type ReadRequest,
  type Resource,
  type ResourceWithImportState,
  type ResourceWithValidateConfig,
  type SchemaSpec,
  type UpdateRequest,
  type ValidateConfigRequest,
} from '../../framework/index.js';
import { consumerGroupMembersApi } from '../../konnect/index.js';
import type { KonnectProviderData } from '../provider-data.js';
import { CONTROL_PLANE_ID_EXAMPLE } from './import-id.js';
import { parseJsonImportId } from './json-import-id.js';
import { konnectCall } from './konnect-call.js';
import { controlPlaneIdAttribute, plainDescriptions } from './schema-util.js';

type P = KonnectProviderData;
const TYPE = 'konnect_gateway_consumer_group_member';

/** The documented import id's keys, with the values the docs show. */
export const MEMBER_IMPORT_EXAMPLE = {
  consumer_group_id: '5ae2a8a4-9a0c-4b0e-8a34-6f4e1c2d3b7a',
  consumer_id: 'cf4c7e60-11db-49dd-b300-7c7e5f0f7e6b',
  control_plane_id: CONTROL_PLANE_ID_EXAMPLE,
} as const;

const schema: SchemaSpec = {
  description: 'GatewayConsumerGroupMember Resource',
  attributes: plainDescriptions({
    consumer_group_id: attr.string({
      required: true,
      description: 'The UUID or name of the consumer group. Requires replacement if changed.',
      planModifiers: [requiresReplaceIfConfigured()],
    }),
    consumer_id: attr.string({ optional: true, description: 'Requires replacement if changed.', planModifiers: [requiresReplaceIfConfigured()] }),
    control_plane_id: controlPlaneIdAttribute(),
  }),
};

const ATTRIBUTES = Object.keys(schema.attributes);
const str = (v: unknown) => String(v);

/** Whether `ref` (the configured consumer_group_id: a UUID or a name) names `group`. */
const names = (ref: string, group: { id: string; name?: string }) => group.id === ref || group.name === ref;

export class GatewayConsumerGroupMember implements Resource<P>, ResourceWithImportState<P>, ResourceWithValidateConfig {
  readonly typeName = TYPE;

  schema(): SchemaSpec {
    return schema;
  }

  /** The official schema leaves consumer_id optional; Konnect refuses a membership without one. */
  validateConfig(req: ValidateConfigRequest): void {
    if (req.config.consumer_id === null) {
      req.diagnostics.addAttributeError(
        AttributePath.root.attr('consumer_id'),
        'Missing consumer_id',
        'consumer_id is needed to add a consumer to a consumer group: set it to the consumer\'s id, e.g. consumer_id = konnect_gateway_consumer.example.id.',
      );
    }
  }

  private opts(action: string) {
    return { action: `${action} ${TYPE}`, attributes: ATTRIBUTES };
  }

  async create(req: CreateRequest<P>): Promise<JsObject | undefined> {
    const { control_plane_id: cp, consumer_group_id: group, consumer_id: consumer } = req.plan;
    const done = await konnectCall(req, { ...this.opts('create'), fieldPath: (f) => AttributePath.root.attr(f === 'consumer' ? 'consumer_id' : f === 'group' ? 'consumer_group_id' : f) }, async (d, signal) => {
      await consumerGroupMembersApi(d.client).add(str(cp), str(group), str(consumer), signal);
      return true;
    });
    return done ? req.plan : undefined;
  }

  /** The membership as Konnect has it: null (re-create) when the consumer, the group or the link is gone. */
  async read(req: ReadRequest<P>): Promise<JsObject | null | undefined> {
    const { control_plane_id: cp, consumer_group_id: group, consumer_id: consumer } = req.state;
    if (typeof consumer !== 'string' || typeof group !== 'string') return null;
    const groups = await konnectCall(req, { ...this.opts('read'), notFoundAsNull: true }, (d, signal) => consumerGroupMembersApi(d.client).groupsOf(str(cp), consumer, signal));
    if (groups === undefined) return undefined;
    if (groups === null || !groups.some((g) => names(group, g))) return null;
    return req.state;
  }

  /** Every attribute requires replacement: nothing to send (as the official). */
  async update(req: UpdateRequest<P>): Promise<JsObject | undefined> {
    return req.plan;
  }

  async delete(req: DeleteRequest<P>): Promise<void> {
    const { control_plane_id: cp, consumer_group_id: group, consumer_id: consumer } = req.state;
    if (typeof consumer !== 'string') return;
    await konnectCall(req, this.opts('delete'), (d, signal) => consumerGroupMembersApi(d.client).remove(str(cp), str(group), consumer, signal));
  }

  async importState(req: ImportStateRequest<P>): Promise<JsObject | undefined> {
    return parseJsonImportId(req.id, TYPE, MEMBER_IMPORT_EXAMPLE, req.diagnostics);
  }
}

export const gatewayConsumerGroupMember = () => new GatewayConsumerGroupMember();
