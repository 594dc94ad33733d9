// Konnect control-plane enums, once for the mock Konnect (what it accepts) and the provider (what
// its attribute descriptions list, as the official provider's do).

/** The cluster types official provider v3.19.0 lists (its descriptions quote exactly these). */
export const CLUSTER_TYPES_V3_19 = [
  'CLUSTER_TYPE_CONTROL_PLANE',
  'CLUSTER_TYPE_K8S_INGRESS_CONTROLLER',
  'CLUSTER_TYPE_CONTROL_PLANE_GROUP',
  'CLUSTER_TYPE_SERVERLESS',
  'CLUSTER_TYPE_HYBRID',
  'CLUSTER_TYPE_SERVERLESS_V1',
] as const;

/** Every cluster type the published Control Planes API accepts (newer than v3.19.0's list). */
export const CLUSTER_TYPES = [...CLUSTER_TYPES_V3_19, 'CLUSTER_TYPE_KAFKA_NATIVE_EVENT_PROXY'] as const;

export const AUTH_TYPES = ['pinned_client_certs', 'pki_client_certs'] as const;
