/** JavaScript source of an object: full message type name → codec factories (see proto-codecs.mjs). */
export function protoCodecsSource(): string;
