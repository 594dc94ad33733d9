// ImportResourceState: the resource turns the import id into the identifying attributes
// (e.g. {control_plane_id, id}); ReadResource fills in the rest.
import { Diagnostics } from '../../common/index.js';
import type { ImportResourceStateRequest, ImportResourceStateResponse, RpcContext } from '../../tfplugin/index.js';
import { known } from '../plan/apply-result.js';
import { fromJs } from '../values.js';
import { encodeDynamic } from './codec.js';
import type { ServerState } from './state.js';

export async function importResourceState(state: ServerState, req: ImportResourceStateRequest, ctx: RpcContext): Promise<ImportResourceStateResponse> {
  const diags = new Diagnostics();
  return state.guard('ImportResourceState', req.typeName, diags, async () => {
    const e = state.entry(req.typeName, diags);
    if (!e) return { diagnostics: diags };
    if (!e.resource.importState) {
      diags.addError('Resource Import Not Implemented', `${req.typeName} cannot be imported.`);
      return { diagnostics: diags };
    }
    const js = await e.resource.importState({ id: req.id, providerData: state.providerData, signal: state.signal(ctx), diagnostics: diags });
    if (js === undefined || diags.hasError()) return { diagnostics: diags };
    const type = e.schema.root.type;
    const value = known(fromJs(js, type), type);
    return { importedResources: [{ typeName: req.typeName, state: encodeDynamic(value, type) }], diagnostics: diags };
  }, () => ({ diagnostics: diags }));
}
