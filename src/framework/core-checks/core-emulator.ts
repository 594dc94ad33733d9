// Drives a FrameworkServer the way Terraform core does — proposed new state, plan, re-plan
// with prior null on replacement, apply, refresh, import — and checks every answer with
// assertPlanValid / assertObjectCompatible. A violation throws, so tests fail where Terraform
// would print "Provider produced invalid plan" or "inconsistent result after apply".
import { Diagnostics, type AttributePath, type Diagnostic } from '../../common/index.js';
import { isObjectValue, isWhollyKnown, valueEquals, type CtyValue } from '../../cty/index.js';
import type { ClientCapabilities } from '../../tfplugin/index.js';
import { decodeDynamic, encodeDynamic } from '../server/codec.js';
import type { FrameworkServer } from '../server/framework-server.js';
import { fromJs, toJs, type JsObject } from '../values.js';
import { assertObjectCompatible } from './object-compatible.js';
import { assertPlanValid } from './plan-valid.js';
import { proposedNew } from './proposed-new.js';

export class CoreViolation extends Error {
  constructor(
    readonly rpc: string,
    readonly problems: readonly string[],
  ) {
    super(`${rpc}: Terraform would reject this answer:\n  ${problems.join('\n  ')}`);
    this.name = 'CoreViolation';
  }
}

export interface PlanOutcome {
  readonly planned: CtyValue;
  readonly requiresReplace: readonly AttributePath[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface ApplyOutcome {
  readonly state: CtyValue;
  /** The first plan (with requiresReplace); on replacement a create plan followed. */
  readonly plan: PlanOutcome;
  readonly diagnostics: readonly Diagnostic[];
  readonly replaced: boolean;
}

const ctx = { signal: new AbortController().signal };
const NO_PRIVATE = Buffer.alloc(0);

export class CoreEmulator {
  readonly caps: ClientCapabilities;

  constructor(
    readonly server: FrameworkServer,
    caps: Partial<ClientCapabilities> = {},
  ) {
    this.caps = { deferralAllowed: false, writeOnlyAttributesAllowed: true, ...caps };
  }

  private schema(type: string) {
    const e = this.server.state.resources.get(type);
    if (!e) throw new Error(`no resource type ${type}`);
    return e.schema;
  }

  private dataSchema(type: string) {
    const e = this.server.state.dataSources.get(type);
    if (!e) throw new Error(`no data source type ${type}`);
    return e.schema;
  }

  private decode(type: string, dv: Parameters<typeof decodeDynamic>[0], schema = this.schema(type)): CtyValue {
    const d = new Diagnostics();
    const v = decodeDynamic(dv, schema.root.type, 'answer', d);
    if (v === undefined) throw new CoreViolation('decode', [...d].map((x) => x.detail));
    return v;
  }

  configValue(type: string, config: JsObject | null): CtyValue {
    return config === null ? null : fromJs(config, this.schema(type).root.type);
  }

  js(type: string, value: CtyValue): JsObject | null {
    return value === null ? null : (toJs(value, this.schema(type).root.type) as JsObject);
  }

  async configure(config: JsObject): Promise<readonly Diagnostic[]> {
    const type = this.server.state.providerSchema.root.type;
    const res = await this.server.configureProvider({ terraformVersion: '1.11.4', config: encodeDynamic(fromJs(config, type), type), clientCapabilities: this.caps }, ctx);
    return [...(res.diagnostics ?? [])];
  }

  async validate(type: string, config: JsObject): Promise<readonly Diagnostic[]> {
    const t = this.schema(type).root.type;
    const res = await this.server.validateResourceConfig({ typeName: type, config: encodeDynamic(fromJs(config, t), t), clientCapabilities: this.caps });
    return [...(res.diagnostics ?? [])];
  }

  async plan(type: string, prior: CtyValue, config: CtyValue): Promise<PlanOutcome> {
    const schema = this.schema(type);
    const t = schema.root.type;
    const proposed = proposedNew(schema, prior, config);
    const res = await this.server.planResourceChange(
      { typeName: type, priorState: encodeDynamic(prior, t), proposedNewState: encodeDynamic(proposed, t), config: encodeDynamic(config, t), priorPrivate: NO_PRIVATE, providerMeta: {}, clientCapabilities: this.caps },
      ctx,
    );
    const diagnostics = [...(res.diagnostics ?? [])];
    if (diagnostics.some((d) => d.severity === 'error')) return { planned: null, requiresReplace: [], diagnostics };
    const planned = this.decode(type, res.plannedState);
    const problems = assertPlanValid(schema, prior, config, planned);
    if (problems.length > 0) throw new CoreViolation('PlanResourceChange', problems);
    return { planned, requiresReplace: res.requiresReplace ?? [], diagnostics };
  }

  /** Plan and apply as `terraform apply` does, destroying first when replacement is required. */
  async apply(type: string, prior: CtyValue, config: CtyValue): Promise<ApplyOutcome> {
    const plan = await this.plan(type, prior, config);
    let final = plan;
    if (plan.diagnostics.some((d) => d.severity === 'error')) return { state: prior, plan, diagnostics: plan.diagnostics, replaced: false };
    let replaced = false;
    if (prior !== null && plan.requiresReplace.length > 0 && config !== null) {
      const destroyed = await this.applyPlanned(type, prior, null, config);
      if (destroyed.diagnostics.some((d) => d.severity === 'error')) return { state: prior, plan, diagnostics: destroyed.diagnostics, replaced: false };
      prior = null;
      replaced = true;
      final = await this.plan(type, null, config);
    }
    const applied = await this.applyPlanned(type, prior, final.planned, config);
    return { state: applied.state, plan, diagnostics: [...plan.diagnostics, ...applied.diagnostics], replaced };
  }

  async applyPlanned(type: string, prior: CtyValue, planned: CtyValue, config: CtyValue): Promise<{ state: CtyValue; diagnostics: readonly Diagnostic[] }> {
    const schema = this.schema(type);
    const t = schema.root.type;
    const res = await this.server.applyResourceChange(
      { typeName: type, priorState: encodeDynamic(prior, t), plannedState: encodeDynamic(planned, t), config: encodeDynamic(config, t), plannedPrivate: NO_PRIVATE, providerMeta: {} },
      ctx,
    );
    const diagnostics = [...(res.diagnostics ?? [])];
    const state = this.decode(type, res.newState);
    if (!diagnostics.some((d) => d.severity === 'error')) {
      const problems = assertObjectCompatible(schema, planned, state);
      if (problems.length > 0) throw new CoreViolation('ApplyResourceChange', problems);
    }
    return { state, diagnostics };
  }

  async refresh(type: string, state: CtyValue): Promise<{ state: CtyValue; diagnostics: readonly Diagnostic[] }> {
    const t = this.schema(type).root.type;
    const res = await this.server.readResource({ typeName: type, currentState: encodeDynamic(state, t), private: NO_PRIVATE, providerMeta: {}, clientCapabilities: this.caps }, ctx);
    const next = this.decode(type, res.newState);
    if (!isWhollyKnown(next, t)) throw new CoreViolation('ReadResource', ['The returned state contains unknown values']);
    return { state: next, diagnostics: [...(res.diagnostics ?? [])] };
  }

  async validateData(type: string, config: JsObject): Promise<readonly Diagnostic[]> {
    const t = this.dataSchema(type).root.type;
    const res = await this.server.validateDataResourceConfig({ typeName: type, config: encodeDynamic(fromJs(config, t), t) });
    return [...(res.diagnostics ?? [])];
  }

  /**
   * A data source read as core does it (ReadDataSource with a wholly known config): the answer
   * must be a non-null, wholly known object of the schema's type (core's checks) whose configured
   * (non-computed) attributes equal the configuration (stricter than core: our framework promises
   * it). Returns the state as plain JS (null after an error).
   */
  async readData(type: string, config: JsObject): Promise<{ state: JsObject | null; diagnostics: readonly Diagnostic[] }> {
    const schema = this.dataSchema(type);
    const t = schema.root.type;
    const cfg = fromJs(config, t);
    const res = await this.server.readDataSource({ typeName: type, config: encodeDynamic(cfg, t), providerMeta: {}, clientCapabilities: this.caps }, ctx);
    const diagnostics = [...(res.diagnostics ?? [])];
    if (diagnostics.some((d) => d.severity === 'error')) return { state: null, diagnostics };
    const v = this.decode(type, res.state, schema);
    if (v === null) throw new CoreViolation('ReadDataSource', ['Provider produced null object']);
    if (!isWhollyKnown(v, t)) throw new CoreViolation('ReadDataSource', ['Provider produced invalid object: unknown values']);
    const problems: string[] = [];
    if (isObjectValue(v) && isObjectValue(cfg))
      for (const [n, a] of Object.entries(schema.root.attributes))
        if (!a.computed && !valueEquals(v[n] ?? null, cfg[n] ?? null, a.type)) problems.push(`.${n}: the configured value changed`);
    if (problems.length > 0) throw new CoreViolation('ReadDataSource', problems);
    return { state: toJs(v, t) as JsObject, diagnostics };
  }

  /** `terraform import`: ImportResourceState then ReadResource. */
  async import(type: string, id: string): Promise<{ state: CtyValue; diagnostics: readonly Diagnostic[] }> {
    const res = await this.server.importResourceState({ typeName: type, id, clientCapabilities: this.caps }, ctx);
    const diagnostics = [...(res.diagnostics ?? [])];
    if (diagnostics.some((d) => d.severity === 'error')) return { state: null, diagnostics };
    const imported = res.importedResources ?? [];
    if (imported.length !== 1) throw new CoreViolation('ImportResourceState', [`expected one imported resource, got ${imported.length}`]);
    const read = await this.refresh(type, this.decode(type, imported[0]!.state));
    if (read.state === null) throw new CoreViolation('ImportResourceState', ['Cannot import non-existent remote object']);
    return { state: read.state, diagnostics: [...diagnostics, ...read.diagnostics] };
  }
}
