// Fields every core entity shares (id, timestamps, tags), described as the official provider does.
import { arr, el, int, str } from '../kong-schema/index.js';

export const idField = str('id', {
  typedef: 'uuid',
  tf: { computed: true },
  description: 'A string representing a UUID (universally unique identifier).',
});
export const createdAt = int('created_at', { tf: { computed: true }, description: 'Unix epoch when the resource was created.' });
export const updatedAt = int('updated_at', {
  tf: { computed: true },
  description: 'Unix epoch when the resource was last updated.',
});
export const tagsField = (entity: string) =>
  arr('tags', el.str(), { description: `An optional set of strings associated with the ${entity} for grouping and filtering.` });
