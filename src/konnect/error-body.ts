// Parses the three error-body shapes Konnect answers with into one summary:
//  - problem+json (control planes): {status,title,instance,detail,invalid_parameters:[{field,reason}]}
//  - gRPC-style core-entity errors: {code,message,details:[{type,field,messages:[…]}]}
//  - Kong Admin API errors: {message,name,fields:{config:{model:"…"}}} and {message,status}
// `field` is always a dotted path ("config.model.provider") so resources can turn it into an
// attribute diagnostic.

export interface InvalidParameter {
  readonly field: string;
  readonly reason: string;
}

export interface KonnectErrorBody {
  readonly detail?: string;
  readonly title?: string;
  /** problem+json `instance` ("konnect:trace:…"), the request id when no header carried one. */
  readonly instance?: string;
  readonly invalidParameters: readonly InvalidParameter[];
  /** Kong reports unique-constraint violations as 400 "data constraint error" … "(type: unique)". */
  readonly uniqueViolation: boolean;
}

const MAX_TEXT = 500;

function text(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  return v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Kong's `fields` tree → dotted paths; leaves are messages (string or list of strings). */
function flattenFields(tree: unknown, prefix: string, out: InvalidParameter[]): void {
  if (typeof tree === 'string') {
    out.push({ field: prefix || '@entity', reason: tree });
  } else if (Array.isArray(tree)) {
    for (const item of tree) flattenFields(item, prefix, out);
  } else if (isRecord(tree)) {
    for (const [k, v] of Object.entries(tree)) {
      const key = k === '@entity' ? prefix : prefix ? `${prefix}.${k}` : k;
      flattenFields(v, key, out);
    }
  }
}

/** Parse an error body; returns undefined when it is not JSON or not an object. */
export function parseErrorBody(raw: string): KonnectErrorBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(json)) return undefined;

  const params: InvalidParameter[] = [];
  if (Array.isArray(json.invalid_parameters)) {
    for (const p of json.invalid_parameters) {
      if (isRecord(p) && typeof p.field === 'string') params.push({ field: p.field, reason: text(p.reason) ?? 'is invalid' });
    }
  }
  let unique = false;
  if (Array.isArray(json.details)) {
    for (const d of json.details) {
      if (!isRecord(d)) continue;
      const messages = Array.isArray(d.messages) ? d.messages.filter((m): m is string => typeof m === 'string') : [];
      if (messages.some((m) => m.includes('(type: unique)'))) unique = true;
      if (typeof d.field === 'string') params.push({ field: d.field, reason: text(messages.join('; ')) ?? 'is invalid' });
    }
  }
  // Kong's `fields` tree holds messages, except for a unique or primary-key violation, where it
  // holds the conflicting values ({"name": "hf-service"}): read as messages, they named each
  // field a second time with its value as the "reason".
  const conflictValues = json.name === 'unique constraint violation' || json.name === 'primary key violation';
  if (conflictValues) unique = true;
  if (isRecord(json.fields) && !conflictValues) flattenFields(json.fields, '', params);
  // Konnect's core-entity 400 names each field twice (gRPC `details` and Kong's `fields` tree).
  const seen = new Set<string>();
  const distinct = params.filter((p) => {
    const key = `${p.field}\n${p.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });

  const detail = text(json.detail) ?? text(json.message);
  const title = text(json.title);
  const instance = text(json.instance);
  return {
    ...(detail === undefined ? {} : { detail }),
    ...(title === undefined ? {} : { title }),
    ...(instance === undefined ? {} : { instance }),
    invalidParameters: distinct,
    uniqueViolation: unique,
  };
}
