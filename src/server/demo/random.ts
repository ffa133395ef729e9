/**
 * A small seeded random source for the data generators: sfc32 (fast, passes
 * PractRand) seeded through splitmix32, plus the distributions the purchase
 * model needs. Faker's own generator is far slower in loops of tens of
 * millions, and one stream per customer keeps every customer reproducible on
 * its own (the same customer whatever the data set's size).
 */
export interface Random {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform integer in [min, max] */
  int(min: number, max: number): number;
  /** true with probability p */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Gamma(shape, scale): mean shape × scale */
  gamma(shape: number, scale: number): number;
  /** Beta(a, b): mean a / (a + b) */
  beta(a: number, b: number): number;
  normal(): number;
  /** exponential waiting time with the given rate */
  exponential(rate: number): number;
  /** Poisson count with the given mean */
  poisson(mean: number): number;
  /** 32 random bits */
  uint32(): number;
}

function splitmix32(state: number) {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A random stream for one (seed, stream) pair: the same pair always gives the same numbers. */
export function createRandom(seed: number, stream = 0): Random {
  const mix = splitmix32((Math.imul(seed | 0, 0x27d4eb2d) ^ Math.imul(stream | 0, 0x165667b1)) | 0);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix() | 1;
  const uint32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // sfc32's first outputs still show the seed's structure.
  for (let i = 0; i < 12; i++) uint32();

  const next = () => uint32() / 4294967296;
  let spareNormal: number | undefined;
  const normal = () => {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = next() * 2 - 1;
      v = next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    spareNormal = v * factor;
    return u * factor;
  };
  // Marsaglia and Tsang (2000); shapes below 1 through the boost Gamma(k) = Gamma(k + 1) · U^(1/k).
  const gamma = (shape: number, scale: number): number => {
    if (shape < 1) return gamma(shape + 1, scale) * Math.pow(1 - next(), 1 / shape);
    const d3 = shape - 1 / 3;
    const c3 = 1 / Math.sqrt(9 * d3);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c3 * x;
      } while (v <= 0);
      v = v * v * v;
      const u = next();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d3 * (1 - v + Math.log(v))) return d3 * v * scale;
    }
  };
  return {
    next,
    uint32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    gamma,
    beta: (a, b) => {
      const x = gamma(a, 1);
      return x / (x + gamma(b, 1));
    },
    normal,
    exponential: (rate) => -Math.log(1 - next()) / rate,
    poisson: (mean) => {
      // Knuth's product of uniforms for small means, a rounded normal beyond (counts of interactions, not physics).
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      const limit = Math.exp(-mean);
      let count = 0;
      let product = next();
      while (product > limit) {
        count++;
        product *= next();
      }
      return count;
    },
  };
}

/** Picks from weighted items in O(log n): build once, draw millions of times. */
export function weightedPicker<T>(items: ReadonlyArray<readonly [T, number]>): (random: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of items) cumulative.push((total += weight));
  return (random) => {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return items[low]![0];
  };
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A UUID version 7 whose random part comes from the stream, so generated ids
 * are reproducible yet time-ordered like the ones Kemai writes (lib/uuid.ts).
 */
export function seededUuidv7(random: Random, time: number): string {
  const high = Math.floor(time / 0x10000);
  const low = time % 0x10000;
  const r1 = random.uint32();
  const r2 = random.uint32();
  const r3 = random.uint32();
  const h = (n: number) => HEX[n & 0xff]!;
  return (
    h(high >>> 24) + h(high >>> 16) + h(high >>> 8) + h(high) + '-' +
    h(low >>> 8) + h(low) + '-' +
    h(0x70 | ((r1 >>> 24) & 0x0f)) + h(r1 >>> 16) + '-' +
    h(0x80 | ((r1 >>> 8) & 0x3f)) + h(r1) + '-' +
    h(r2 >>> 24) + h(r2 >>> 16) + h(r2 >>> 8) + h(r2) + h(r3 >>> 8) + h(r3)
  );
}
