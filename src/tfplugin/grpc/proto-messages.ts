// The protobuf message shapes as the codecs (descriptor.ts, CONVERSION_OPTIONS) hand them over
// (keepCase, defaults, int64 → number, enums → names). Only the fields the converters read or
// write are declared; outgoing messages may omit fields (protobuf defaults apply).

export interface PDynamicValue {
  msgpack?: Buffer;
  json?: Buffer;
}
export interface PRawState {
  json?: Buffer;
  flatmap?: Record<string, string>;
}
export interface PClientCapabilities {
  deferral_allowed?: boolean;
  write_only_attributes_allowed?: boolean;
}
export interface PAttributePathStep {
  attribute_name?: string;
  element_key_string?: string;
  element_key_int?: number | string;
  selector?: 'attribute_name' | 'element_key_string' | 'element_key_int';
}
export interface PAttributePath {
  steps?: PAttributePathStep[];
}
export interface PDiagnostic {
  severity: 'ERROR' | 'WARNING';
  summary: string;
  detail: string;
  attribute?: PAttributePath;
}

/** A request message: anything keyed by field name (read through the converters only). */
export type PRequest = Record<string, unknown>;
/** A response message object handed to the gRPC server for serialisation. */
export type PResponse = Record<string, unknown>;
