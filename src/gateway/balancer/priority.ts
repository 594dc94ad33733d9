// priority (3.10): targets of equal `weight` form a group and the higher weight goes first
// (Kong's example: 70+70 are group 1, 25 is group 2); picks stay in the highest group that has a
// target left (not tried by this request, not ejected), rotating within it by weight (equal
// inside a group, so in turn); a request whose group-1 targets all failed, or a time when they
// are all ejected, falls to the next group (kong-ai-plugins.md §1.4).
import type { Algorithm, AlgorithmFactory } from './algorithm.js';
import { Rotation } from './rotation.js';

export const priority: AlgorithmFactory = ({ targets, weights }): Algorithm => {
  const levels = [...new Set(targets.map((t) => t.weight))].sort((a, b) => b - a);
  /** Group number (0 = highest weight) per position. */
  const groupOf = Int32Array.from(targets, (t) => levels.indexOf(t.weight));
  const size = Int32Array.from(levels, (w) => targets.filter((t) => t.weight === w).length);
  const rotation = new Rotation(targets.length, weights);
  const members: number[] = new Array<number>(targets.length).fill(0);
  const describe = (_position: number, group: number, n: number) => {
    const of = n === size[group] ? `${n} targets` : `${n} of ${size[group]} targets available`;
    const fell = group > 0 ? '; higher groups tried or ejected' : '';
    return `priority: group ${group + 1} of ${levels.length} (weight ${levels[group]}), ${of}${fell}`;
  };
  return {
    choose({ eligible, count, commit }) {
      let group = Number.MAX_SAFE_INTEGER;
      for (let k = 0; k < count; k++) group = Math.min(group, groupOf[eligible[k]!]!);
      let n = 0;
      for (let k = 0; k < count; k++) if (groupOf[eligible[k]!] === group) members[n++] = eligible[k]!;
      const position = rotation.next(members, n, commit);
      return { position, describe, a: group, b: n, c: 0, d: 0 };
    },
    measure: (p) => groupOf[p]! + 1,
  };
};
