/**
 * Issue 7: a reproducible random sample for the auditor (HKICPA PN 740 leaves the sampling to the
 * auditor; the schedule offers one they can re-perform).
 *
 * The sample is drawn by ranking: each item of the population gets a score from a seeded
 * pseudo-random function of its key (SplitMix64, on bigint: the domain has no Math.random and no
 * crypto), and the `size` items with the lowest scores are the sample. So:
 *
 * - the same seed and the same population give the same sample, whatever order the items come in;
 * - an item's score depends only on the seed and its own key, so adding an item to the population
 *   changes the sample by at most that item (it enters if it scores below the highest-scored item
 *   sampled, which then leaves), and removing an unsampled item changes nothing;
 * - another seed gives an independent sample.
 *
 * Anyone can re-perform it from the seed and the keys printed in the schedule.
 */

const MASK = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

/** SplitMix64's output function: a 64-bit value mixed into another (Steele, Lea and Flood, 2014). */
export function mix64(x: bigint): bigint {
  let z = x & MASK;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}

/** A SplitMix64 generator: each call returns the next 64-bit value of the sequence from `seed`. */
export function splitMix64(seed: bigint): () => bigint {
  let state = seed & MASK;
  return () => {
    state = (state + GOLDEN) & MASK;
    return mix64(state);
  };
}

/** FNV-1a (64-bit) over the text's UTF-16 code units: a stable number for a key. */
export function hash64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i += 1) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & MASK;
  }
  return h;
}

/** A seed as the schedule prints it: 16 lower-case hexadecimal digits. */
export const formatSeed = (seed: bigint): string => (seed & MASK).toString(16).padStart(16, '0');

const SEED_TEXT = /^[0-9a-f]{1,16}$/i;

/** A printed seed read back (1–16 hexadecimal digits), or null. */
export const parseSeed = (text: string): bigint | null =>
  SEED_TEXT.test(text.trim()) ? BigInt(`0x${text.trim()}`) : null;

/**
 * The default seed of a schedule: derived from what the schedule is about (the issuer and the
 * financial year), so that the same data gives the same sample on every build.
 */
export const defaultSampleSeed = (issuerId: string, financialYear: string): bigint =>
  splitMix64(hash64(`armslength/auditor-schedule/${issuerId}/${financialYear}`))();

/** An item's score under a seed: the first value of the generator seeded by seed ⊕ hash(key). */
export const sampleScore = (seed: bigint, key: string): bigint => splitMix64(seed ^ hash64(key))();

export interface Sampled<T> {
  readonly item: T;
  readonly key: string;
  readonly score: bigint;
}

/**
 * The `size` items with the lowest scores (all of them when there are fewer), in the population's
 * order. Keys must be unique within the population (ties between equal scores fall to the key).
 */
export function drawSample<T>(
  population: readonly T[],
  keyOf: (item: T) => string,
  seed: bigint,
  size: number,
): Sampled<T>[] {
  const scored = population.map((item, index) => {
    const key = keyOf(item);
    return { item, key, score: sampleScore(seed, key), index };
  });
  const chosen = new Set(
    [...scored]
      .sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : a.key < b.key ? -1 : 1))
      .slice(0, size < 0 ? 0 : size)
      .map((s) => s.index),
  );
  return scored.filter((s) => chosen.has(s.index)).map(({ item, key, score }) => ({ item, key, score }));
}
