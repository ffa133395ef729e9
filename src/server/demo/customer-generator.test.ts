import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../shared/phone.ts';
import { namePinyin } from '../domains/customers/customers.search.ts';
import { type GeneratedCustomer, generateCustomers } from './customer-generator.ts';

const OWNERS = ['01a216e3-0028-7f4d-ae81-ca53347c48c0', '01a216e3-0028-7f4d-ae81-ca53347c48c1', '01a216e3-0028-7f4d-ae81-ca53347c48c2'];
const generate = (seed: number, count: number, ownerIds: string[] = OWNERS): GeneratedCustomer[] => [
  ...generateCustomers({ seed, count, ownerIds }),
];
const share = (list: GeneratedCustomer[], predicate: (customer: GeneratedCustomer) => boolean) => list.filter(predicate).length / list.length;

describe('generateCustomers', () => {
  const sample = generate(42, 2000);

  it('yields exactly the requested number of customers', () => {
    expect(sample).toHaveLength(2000);
    expect(generate(1, 0)).toEqual([]);
  });

  it('gives identical customers for the same seed', () => {
    expect(generate(42, 2000)).toEqual(sample);
  });

  it('gives different customers for a different seed', () => {
    const other = generate(43, 200);
    expect(other.map((customer) => customer.name)).not.toEqual(sample.slice(0, 200).map((customer) => customer.name));
  });

  it('makes roughly a quarter organisations and the rest persons', () => {
    const organisations = share(sample, (customer) => customer.kind === 'organization');
    expect(organisations).toBeGreaterThan(0.21);
    expect(organisations).toBeLessThan(0.29);
    expect(sample.every((customer) => customer.kind === 'organization' || customer.kind === 'person')).toBe(true);
  });

  it('gives every customer at least one phone, all of which pass normalizePhone unchanged', () => {
    for (const customer of sample) {
      expect(customer.phones.length).toBeGreaterThanOrEqual(1);
      for (const phone of customer.phones) expect(normalizePhone(phone), `${customer.name}: ${phone}`).toBe(phone);
    }
  });

  it('leaves about 15 % unowned when owners are given, and assigns the rest to those owners', () => {
    const unowned = share(sample, (customer) => customer.ownerId === null);
    expect(unowned).toBeGreaterThan(0.11);
    expect(unowned).toBeLessThan(0.19);
    for (const customer of sample) if (customer.ownerId !== null) expect(OWNERS).toContain(customer.ownerId);
    expect(new Set(sample.map((customer) => customer.ownerId))).toEqual(new Set([...OWNERS, null]));
  });

  it('leaves everyone unowned when no owners are given', () => {
    expect(generate(42, 200, []).every((customer) => customer.ownerId === null)).toBe(true);
  });

  it('fills pinyin from the name and keeps dates in order within the two years before now', () => {
    const now = new Date('2026-11-01T00:00:00+08:00').getTime();
    for (const customer of sample.slice(0, 300)) {
      const pinyin = namePinyin(customer.name);
      expect(customer.namePinyin).toBe(pinyin.full);
      expect(customer.nameInitials).toBe(pinyin.initials);
      expect(customer.createdAt.getTime()).toBeLessThanOrEqual(customer.updatedAt.getTime());
      expect(customer.updatedAt.getTime()).toBeLessThanOrEqual(now);
      expect(customer.createdAt.getTime()).toBeGreaterThanOrEqual(now - 2 * 365 * 86_400_000);
      expect(customer.address.startsWith(customer.city)).toBe(true);
    }
  });

  it('gives organisations a company name and a landline', () => {
    const organisations = sample.filter((customer) => customer.kind === 'organization');
    for (const organisation of organisations) {
      expect(organisation.name).toMatch(/公司$/);
      expect(organisation.phones).toHaveLength(2);
      expect(organisation.phones[1]).toMatch(/^0[1-9]\d{9}$/);
    }
  });
});
