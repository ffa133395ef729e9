import { describe, expect, it } from 'vitest';
import { createRandom, seededUuidv7, weightedPicker } from './random.ts';

const draw = (count: number, sample: () => number) => Array.from({ length: count }, sample);
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const variance = (values: number[]) => {
  const average = mean(values);
  return mean(values.map((value) => (value - average) ** 2));
};

describe('createRandom', () => {
  it('repeats a stream for the same seed and stream, and differs otherwise', () => {
    const first = draw(5, createRandom(1, 2).next);
    expect(draw(5, createRandom(1, 2).next)).toEqual(first);
    expect(draw(5, createRandom(1, 3).next)).not.toEqual(first);
    expect(draw(5, createRandom(2, 2).next)).not.toEqual(first);
  });

  it('draws uniforms in [0, 1) and integers within their bounds', () => {
    const random = createRandom(5);
    const uniforms = draw(20_000, random.next);
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    expect(mean(uniforms)).toBeCloseTo(0.5, 1);
    const dice = draw(6000, () => random.int(1, 6));
    expect(new Set(dice)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });

  it.each([
    [0.5, 2],
    [2.5, 1],
    [9, 0.5],
  ])('draws Gamma(%d, %d) with mean shape·scale and variance shape·scale²', (shape, scale) => {
    const random = createRandom(11);
    const values = draw(40_000, () => random.gamma(shape, scale));
    expect(mean(values) / (shape * scale)).toBeCloseTo(1, 1);
    expect(variance(values) / (shape * scale * scale)).toBeGreaterThan(0.9);
    expect(variance(values) / (shape * scale * scale)).toBeLessThan(1.1);
  });

  it('draws Beta(a, b) with mean a / (a + b), and Poisson counts with their mean', () => {
    const random = createRandom(3);
    expect(mean(draw(30_000, () => random.beta(1.5, 34)))).toBeCloseTo(1.5 / 35.5, 2);
    expect(mean(draw(30_000, () => random.poisson(3.2)))).toBeCloseTo(3.2, 1);
    expect(mean(draw(30_000, () => random.poisson(45))) / 45).toBeCloseTo(1, 1);
  });
});

describe('weightedPicker', () => {
  it('picks in proportion to the weights', () => {
    const pick = weightedPicker([['a', 1], ['b', 3], ['c', 0]] as const);
    const random = createRandom(8);
    const picks = draw(20_000, () => (pick(random) === 'b' ? 1 : 0));
    expect(mean(picks)).toBeCloseTo(0.75, 1);
  });
});

describe('seededUuidv7', () => {
  it('makes a version 7 UUID carrying the time, reproducible from the stream', () => {
    const time = Date.parse('2025-11-11T00:00:00+08:00');
    const id = seededUuidv7(createRandom(1), time);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(time);
    expect(seededUuidv7(createRandom(1), time)).toBe(id);
    expect(seededUuidv7(createRandom(2), time)).not.toBe(id);
  });
});
