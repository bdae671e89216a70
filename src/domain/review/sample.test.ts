import { describe, expect, it } from 'vitest';
import { defaultSampleSeed, drawSample, formatSeed, hash64, mix64, parseSeed, splitMix64 } from './sample.js';

const population = Array.from({ length: 40 }, (_, i) => `PO-${String(i + 1).padStart(3, '0')}`);
const keys = (xs: { key: string }[]) => xs.map((x) => x.key);

describe('SplitMix64 and the seeded sample (issue 7: the auditor re-performs it)', () => {
  it('is SplitMix64: the reference sequence from seed 1234567', () => {
    // The published reference values of SplitMix64 (Vigna's splitmix64.c) for seed 1234567.
    const next = splitMix64(1234567n);
    expect([next(), next(), next()]).toEqual([
      6457827717110365317n,
      3203168211198807973n,
      9817491932198370423n,
    ]);
    expect(mix64(0n)).toBe(0n);
  });

  it('gives the same sample for the same seed and population, in whatever order the items come', () => {
    const seed = 42n;
    const a = drawSample(population, (x) => x, seed, 10);
    const b = drawSample([...population].reverse(), (x) => x, seed, 10);
    expect(a).toHaveLength(10);
    expect(keys(a)).toEqual(keys(drawSample(population, (x) => x, seed, 10)));
    expect([...keys(b)].sort()).toEqual([...keys(a)].sort());
  });

  it('gives another sample for another seed', () => {
    expect(keys(drawSample(population, (x) => x, 1n, 10))).not.toEqual(
      keys(drawSample(population, (x) => x, 2n, 10)),
    );
  });

  it('changes by at most the item added when the population grows, and not at all when an unsampled item goes', () => {
    const seed = 7n;
    const before = new Set(keys(drawSample(population, (x) => x, seed, 10)));
    for (const extra of ['PO-100', 'PO-101', 'PO-102', 'PO-103']) {
      const after = new Set(keys(drawSample([...population, extra], (x) => x, seed, 10)));
      const left = [...before].filter((k) => !after.has(k));
      const entered = [...after].filter((k) => !before.has(k));
      expect(entered.length).toBe(left.length);
      expect(entered.length).toBeLessThanOrEqual(1);
      if (entered.length === 1) expect(entered).toEqual([extra]);
    }
    const unsampled = population.find((k) => !before.has(k)) ?? '';
    expect(
      new Set(
        keys(
          drawSample(
            population.filter((k) => k !== unsampled),
            (x) => x,
            seed,
            10,
          ),
        ),
      ),
    ).toEqual(before);
  });

  it('takes everything when the population is no larger than the sample, in population order', () => {
    expect(keys(drawSample(['b', 'a', 'c'], (x) => x, 9n, 10))).toEqual(['b', 'a', 'c']);
    expect(drawSample(['a'], (x) => x, 9n, 0)).toEqual([]);
  });

  it('derives the default seed from the issuer and the year, and prints it so that it reads back', () => {
    const seed = defaultSampleSeed('iss_demo', '2025');
    expect(defaultSampleSeed('iss_demo', '2025')).toBe(seed);
    expect(defaultSampleSeed('iss_demo', '2026')).not.toBe(seed);
    expect(defaultSampleSeed('iss_other', '2025')).not.toBe(seed);
    expect(formatSeed(seed)).toMatch(/^[0-9a-f]{16}$/);
    expect(parseSeed(formatSeed(seed))).toBe(seed);
    expect(parseSeed('not hex')).toBeNull();
    expect(hash64('')).toBe(0xcbf29ce484222325n);
  });
});
