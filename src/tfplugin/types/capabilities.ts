// Feature flags both sides announce (ServerCapabilities, ClientCapabilities, Deferred).

export interface ServerCapabilities {
  /** Terraform sends PlanResourceChange for destroys too (otherwise it plans null itself). */
  readonly planDestroy?: boolean;
  /** Terraform may reuse a cached schema instead of calling GetProviderSchema in each process. */
  readonly getProviderSchemaOptional?: boolean;
  /** The provider implements MoveResourceState (`moved {}` across resource types). */
  readonly moveResourceState?: boolean;
}

export interface ClientCapabilities {
  readonly deferralAllowed: boolean;
  readonly writeOnlyAttributesAllowed: boolean;
}

export type DeferredReason = 'UNKNOWN' | 'RESOURCE_CONFIG_UNKNOWN' | 'PROVIDER_CONFIG_UNKNOWN' | 'ABSENT_PREREQ';

/** Only allowed when ClientCapabilities.deferralAllowed; Terraform 1.11 plan/apply never allow it. */
export interface Deferred {
  readonly reason: DeferredReason;
}
