// round-robin: a circular sequence adjusted by weight (kong-ai-plugins.md §1.4), blind to
// latency, usage and load; smooth weighted rotation over the eligible targets (rotation.ts).
import type { Algorithm, AlgorithmFactory } from './algorithm.js';
import { available } from './algorithm.js';
import { Rotation } from './rotation.js';

export const roundRobin: AlgorithmFactory = ({ targets, weights }): Algorithm => {
  const rotation = new Rotation(targets.length, weights);
  const describe = (position: number, total: number, count: number) =>
    `round-robin: weight ${weights[position]} of ${total} (${available(count, targets.length)})`;
  return {
    choose({ eligible, count, commit }) {
      const position = rotation.next(eligible, count, commit);
      let total = 0;
      for (let k = 0; k < count; k++) total += weights[eligible[k]!]!;
      return { position, describe, a: total, b: count, c: 0, d: 0 };
    },
    measure: () => null,
  };
};
