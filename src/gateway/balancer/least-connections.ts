// least-connections (3.13): the target with the most spare capacity, in-flight attempts per
// unit of weight, lowest wins; targets that tie (e.g. all idle) take turns by weight, so with
// requests that do not overlap the weights still hold (kong-ai-plugins.md §1.4; Kong core's
// connections/weight). Slow targets are avoided as their attempts pile up.
import type { Algorithm, AlgorithmFactory } from './algorithm.js';
import { Rotation } from './rotation.js';

export const leastConnections: AlgorithmFactory = ({ targets, weights, inFlight }): Algorithm => {
  const rotation = new Rotation(targets.length, weights);
  const tied: number[] = new Array<number>(targets.length).fill(0);
  // a/wa < b/wb ⇔ a·wb < b·wa: integers, so ties are exact.
  const cmp = (a: number, b: number) => inFlight[a]! * weights[b]! - inFlight[b]! * weights[a]!;
  const describe = (position: number, load: number, next: number, nextLoad: number, tiedCount: number) =>
    `least-connections: ${load} in flight / weight ${weights[position]}` +
    (next >= 0 ? ` (next ${nextLoad} in flight / weight ${weights[next]})` : '') +
    (tiedCount > 1 ? `, ${tiedCount} tied: by turn` : '');
  return {
    choose({ eligible, count, commit }) {
      let n = 0;
      for (let k = 0; k < count; k++) {
        const p = eligible[k]!;
        const c = n === 0 ? -1 : cmp(p, tied[0]!);
        if (c < 0) {
          tied[0] = p;
          n = 1;
        } else if (c === 0) tied[n++] = p;
      }
      const position = rotation.next(tied, n, commit);
      let next = -1;
      for (let k = 0; k < count; k++) {
        const p = eligible[k]!;
        if (p !== position && (next < 0 || cmp(p, next) < 0)) next = p;
      }
      return { position, describe, a: inFlight[position]!, b: next, c: next >= 0 ? inFlight[next]! : 0, d: n };
    },
    measure: (p) => inFlight[p]! / weights[p]!,
  };
};
