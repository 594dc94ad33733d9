// Round-trip cases shared by the msgpack and JSON codec tests (imported only by *.test.ts):
// every type, nested objects holding sets of objects, maps of lists, tuples, dynamic values,
// and null / unknown / refined unknown at every level.
import { CtyNumber } from './number.js';
import { cty, type CtyType } from './types.js';
import { Unknown } from './unknown.js';
import { dynamicValue, type CtyValue } from './value.js';

const n = (v: number | string) => CtyNumber.from(v);

export const resourceType: CtyType = cty.object({
  id: cty.string,
  enabled: cty.bool,
  weight: cty.number,
  tags: cty.set(cty.string),
  routes: cty.list(
    cty.object({
      name: cty.string,
      hosts: cty.set(cty.string),
      headers: cty.map(cty.list(cty.string)),
      backends: cty.set(cty.object({ host: cty.string, port: cty.number })),
    }),
  ),
  limits: cty.map(cty.number),
  pair: cty.tuple([cty.string, cty.number, cty.bool]),
  extra: cty.dynamic,
  config: cty.object({
    model: cty.object({ name: cty.string, options: cty.object({ temperature: cty.number, max_tokens: cty.number }) }),
    auth: cty.object({ header_name: cty.string, header_value: cty.string }),
  }),
});

const full: CtyValue = {
  id: 'abc-123',
  enabled: true,
  weight: n('0.1'),
  tags: ['b', 'a'],
  routes: [
    {
      name: 'r1',
      hosts: ['x.example', 'y.example'],
      headers: { accept: ['application/json', 'text/plain'], empty: [] },
      backends: [
        { host: 'h1', port: n(8080) },
        { host: 'h2', port: n('12345678901234567890') },
      ],
    },
  ],
  limits: { rps: n(100), burst: n('1.5'), tiny: n('1e-30'), huge: n('1e+400') },
  pair: ['p', n(-1), false],
  extra: dynamicValue(cty.object({ k: cty.list(cty.number) }), { k: [n(1), n(2)] }),
  config: {
    model: { name: 'tgi', options: { temperature: n('0.7'), max_tokens: n(512) } },
    auth: { header_name: 'Authorization', header_value: 'Bearer x' },
  },
};

const allNull: CtyValue = {
  id: null,
  enabled: null,
  weight: null,
  tags: null,
  routes: null,
  limits: null,
  pair: null,
  extra: null,
  config: null,
};

export interface Case {
  readonly name: string;
  readonly type: CtyType;
  readonly value: CtyValue;
  /** false when the value holds unknowns (JSON cannot carry them). */
  readonly known: boolean;
}

export const fixtures: readonly Case[] = [
  { name: 'string', type: cty.string, value: 'héllo ✓ 😀', known: true },
  { name: 'empty string', type: cty.string, value: '', known: true },
  { name: 'bool', type: cty.bool, value: false, known: true },
  { name: 'number', type: cty.number, value: n('-98765432109876543210.0123456789'), known: true },
  { name: 'list', type: cty.list(cty.number), value: [n(1), n('2.5'), n(-3)], known: true },
  { name: 'empty list', type: cty.list(cty.string), value: [], known: true },
  { name: 'set', type: cty.set(cty.bool), value: [true, false], known: true },
  { name: 'map of lists', type: cty.map(cty.list(cty.string)), value: { a: ['1'], b: [], '10': ['x'], '9': [] }, known: true },
  { name: 'tuple', type: cty.tuple([cty.string, cty.list(cty.bool)]), value: ['x', [true]], known: true },
  { name: 'empty tuple', type: cty.tuple([]), value: [], known: true },
  { name: 'empty object', type: cty.object({}), value: {}, known: true },
  { name: 'dynamic list', type: cty.dynamic, value: dynamicValue(cty.list(cty.string), ['a']), known: true },
  { name: 'dynamic nested dynamic', type: cty.dynamic, value: dynamicValue(cty.tuple([cty.dynamic]), [dynamicValue(cty.bool, true)]), known: true },
  { name: 'dynamic of null', type: cty.dynamic, value: dynamicValue(cty.string, null), known: true },
  { name: 'resource, everything set', type: resourceType, value: full, known: true },
  { name: 'resource, all null', type: resourceType, value: allNull, known: true },
  {
    name: 'resource, nulls inside',
    type: resourceType,
    value: {
      ...(full as Record<string, CtyValue>),
      tags: [],
      routes: [{ name: null, hosts: null, headers: { a: null }, backends: [{ host: null, port: null }] }],
      config: { model: null, auth: { header_name: null, header_value: null } },
    },
    known: true,
  },
  { name: 'unknown root', type: resourceType, value: Unknown.plain, known: false },
  {
    name: 'resource, unknowns at every level',
    type: resourceType,
    value: {
      ...(full as Record<string, CtyValue>),
      id: Unknown.refined({ notNull: true, stringPrefix: 'abc-' }),
      weight: Unknown.refined({ numberLower: { value: n(0), inclusive: true }, numberUpper: { value: n('0.5'), inclusive: false } }),
      tags: Unknown.refined({ lengthMin: 1, lengthMax: 5 }),
      routes: [
        {
          name: Unknown.plain,
          hosts: ['x', Unknown.plain],
          headers: { a: Unknown.refined({ notNull: true }), b: [Unknown.plain] },
          backends: [{ host: 'h', port: Unknown.plain }, Unknown.plain],
        },
      ],
      limits: { rps: Unknown.plain },
      pair: [Unknown.plain, n(1), Unknown.plain],
      extra: Unknown.plain,
      config: { model: Unknown.refined({ notNull: true }), auth: { header_name: 'Authorization', header_value: Unknown.plain } },
    },
    known: false,
  },
  { name: 'dynamic with unknown inside', type: cty.dynamic, value: dynamicValue(cty.list(cty.string), Unknown.refined({ lengthMin: 2 })), known: false },
];
