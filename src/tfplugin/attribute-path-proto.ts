// AttributePath ↔ tfplugin6.AttributePath, in one place for both directions.
import { AttributePath, type PathStep } from '../common/index.js';
import type { PAttributePath } from './grpc/proto-messages.js';

export function attributePathToProto(path: AttributePath): PAttributePath {
  return {
    steps: path.steps.map((s) =>
      s.kind === 'attr'
        ? { attribute_name: s.name }
        : s.kind === 'key'
          ? { element_key_string: s.key }
          : { element_key_int: s.index },
    ),
  };
}

export function attributePathFromProto(p: PAttributePath | undefined | null): AttributePath {
  const steps: PathStep[] = [];
  for (const s of p?.steps ?? []) {
    const which = s.selector ?? (s.attribute_name ? 'attribute_name' : s.element_key_string ? 'element_key_string' : 'element_key_int');
    if (which === 'attribute_name') steps.push({ kind: 'attr', name: s.attribute_name ?? '' });
    else if (which === 'element_key_string') steps.push({ kind: 'key', key: s.element_key_string ?? '' });
    else steps.push({ kind: 'index', index: Number(s.element_key_int ?? 0) });
  }
  return AttributePath.fromSteps(steps);
}
