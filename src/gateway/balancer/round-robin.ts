// round-robin: a circular sequence adjusted by weight (kong-ai-plugins.md §1.4), blind to
// latency, usage and load; smooth weighted rotation over the eligible targets (rotation.ts).
import type { Algorithm, AlgorithmFactory } from './algorithm.js';
import { available } from './algorithm.js';
import { Rotation } from './rotation.js';

export const roundRobin: AlgorithmFactory = ({ targets, weights }): Algorithm => {
  const rotation = new Rotation(targets.length, weights);
  return {
    choose(choice) {
      const position = rotation.next(choice.eligible, choice.count, choice.commit);
      let total = 0;
      for (let k = 0; k < choice.count; k++) total += weights[choice.eligible[k]!]!;
      return { position, reason: `round-robin: weight ${weights[position]} of ${total} (${available(choice, targets.length)})` };
    },
    measure: () => null,
  };
};
