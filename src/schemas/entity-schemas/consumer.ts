// Consumer, consumer group and key-auth credential tables (Kong's schemas).
import type { EntityCheck } from '../kong-schema/index.js';
import { arr, el, foreign, int, str } from '../kong-schema/index.js';
import { createdAt, idField, tagsField, updatedAt } from './common.js';

export const consumerFields = [
  idField,
  createdAt,
  updatedAt,
  str('username', {
    description: 'The unique username of the Consumer. You must send either this field or `custom_id` with the request.',
  }),
  str('custom_id', {
    description:
      'Field for storing an existing unique ID for the Consumer - useful for mapping Kong with users in your existing database. You must send either this field or `username` with the request.',
  }),
  tagsField('Consumer'),
] as const;

export const consumerChecks: readonly EntityCheck[] = [{ kind: 'at_least_one_of', fields: ['custom_id', 'username'] }];

export const consumerGroupFields = [
  idField,
  createdAt,
  updatedAt,
  str('name', { required: true, description: 'The name of the consumer group.' }),
  arr('tags', el.str(), { description: 'A set of strings representing tags.' }),
] as const;

export const keyAuthCredentialFields = [
  idField,
  createdAt,
  foreign('consumer', { required: true }),
  /** Kong generates a key when none is sent (see kong-entities). */
  str('key', { required: true, referenceable: true, encrypted: true, sensitive: true }),
  tagsField('credential'),
  int('ttl', { between: [0, 100000000] }),
] as const;
