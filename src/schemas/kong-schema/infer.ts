// Value types inferred from an attribute table, so no TypeScript interface restates a schema.
// Rule (as fillDefaults and the validator apply it): a field is non-null when Kong requires it
// (and it does not accept null) or when it has a non-null default; otherwise `| null`.
import type { Field, NamedField } from './field.js';

export type ValueOf<F> = F extends { type: 'string'; enum: readonly (infer E)[] }
  ? E
  : F extends { type: 'string' }
    ? string
    : F extends { type: 'number' | 'integer'; enum: readonly (infer E)[] }
      ? E
      : F extends { type: 'number' | 'integer' }
        ? number
        : F extends { type: 'boolean' }
          ? boolean
          : F extends { type: 'record'; fields: infer FS extends readonly NamedField[] }
            ? RecordOf<FS>
            : F extends { type: 'array' | 'set'; elements: infer E extends Field }
              ? readonly ValueOf<E>[]
              : F extends { type: 'map'; values: infer V extends Field }
                ? Readonly<Record<string, ValueOf<V>>>
                : unknown;

type NonNull<F> = F extends { nullable: true }
  ? false
  : F extends { required: true }
    ? true
    : F extends { default: infer D }
      ? [D] extends [null | undefined]
        ? false
        : true
      : false;

export type FieldValue<F> = NonNull<F> extends true ? ValueOf<F> : ValueOf<F> | null;

export type RecordOf<FS extends readonly NamedField[]> = {
  readonly [K in FS[number] as K['name']]: FieldValue<K>;
};
