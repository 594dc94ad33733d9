// consistent-hashing: the value of the `hash_on_header` request header (default
// X-Kong-LLM-Request-ID) picks the target, so the same value goes to the same target (sticky
// sessions, cache affinity) (kong-ai-plugins.md §1.4). When the header is absent or empty,
// Kong's request id is hashed instead (Kong does not document this case), which spreads
// such requests like a random pick.
//
// Weighted rendezvous (highest-random-weight) hashing: each target scores
// weight / -ln(u), u a uniform hash of (key, target), and the highest score wins. A target that
// leaves the pick (tried by this request, ejected, or removed from config.targets) moves only
// the keys it held, each to its second choice; when it comes back, exactly those return. A
// target's identity is its label (provider/model) and its occurrence among equal labels, so
// adding or removing another target does not reshuffle it. No ring or wheel is kept, so
// `slots` has no effect.
//
// Hashes are written here (FNV-1a over UTF-16 units, murmur3's 32-bit finalizer): node:crypto
// would cost a digest per target per pick, and no dependency in package.json offers a small
// non-cryptographic string hash.
import type { Algorithm, AlgorithmFactory } from './algorithm.js';

/** murmur3's fmix32: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

const TWO_32 = 4294967296;

export const consistentHashing: AlgorithmFactory = ({ config, targets, weights }): Algorithm => {
  const header = config.hash_on_header.toLowerCase();
  const seen = new Map<string, number>();
  const seeds = Uint32Array.from(targets, (t) => {
    const k = seen.get(t.label) ?? 0;
    seen.set(t.label, k + 1);
    return hashString(`${t.label}#${k}`);
  });
  /** Weighted rendezvous score of position p for a key hash. */
  const score = (key: number, p: number) => {
    const u = (fmix32((key ^ seeds[p]!) + Math.imul(seeds[p]!, 0x9e3779b1)) + 0.5) / TWO_32;
    return weights[p]! / -Math.log(u);
  };

  const describe = (position: number, key: number, fromHeader: number, count: number) => {
    const hex = key.toString(16).padStart(8, '0');
    const source = fromHeader ? `${config.hash_on_header} hash ${hex}` : `${config.hash_on_header} absent, request id hash ${hex}`;
    const of = count === targets.length ? `${count} targets` : `${count} of ${targets.length} targets available`;
    return `consistent-hashing: ${source} → weight ${weights[position]} (${of})`;
  };

  return {
    choose({ eligible, count, input }) {
      const value = input.header(header);
      const fromHeader = value !== undefined && value !== '';
      const key = hashString(fromHeader ? value : input.requestId);
      let best = eligible[0]!;
      let bestScore = score(key, best);
      for (let k = 1; k < count; k++) {
        const p = eligible[k]!;
        const s = score(key, p);
        if (s > bestScore) {
          best = p;
          bestScore = s;
        }
      }
      return { position: best, describe, a: key, b: fromHeader ? 1 : 0, c: count, d: 0 };
    },
    measure: () => null,
  };
};
