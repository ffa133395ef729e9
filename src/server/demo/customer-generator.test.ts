import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../shared/phone.ts';
import { namePinyin } from '../domains/customers/customers.search.ts';
import { type CustomerRecord, GENERATED_NOW, type GeneratedCustomer, generateCustomerRecords, generateCustomers } from './customer-generator.ts';
import { generateCatalogue } from './product-catalogue.ts';

const OWNERS = ['01a216e3-0028-7f4d-ae81-ca53347c48c0', '01a216e3-0028-7f4d-ae81-ca53347c48c1', '01a216e3-0028-7f4d-ae81-ca53347c48c2'];
const generate = (seed: number, count: number, ownerIds: string[] = OWNERS): GeneratedCustomer[] => [...generateCustomers({ seed, count, ownerIds })];
const share = <T>(list: T[], predicate: (item: T) => boolean) => list.filter(predicate).length / list.length;
const NOW = GENERATED_NOW.getTime();
const YEAR = 365 * 86_400_000;

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

  it('gives every customer a distinct id', () => {
    expect(new Set(sample.map((customer) => customer.id)).size).toBe(sample.length);
  });

  it('makes roughly a quarter organisations and the rest persons', () => {
    const organisations = share(sample, (customer) => customer.kind === 'organization');
    expect(organisations).toBeGreaterThan(0.21);
    expect(organisations).toBeLessThan(0.29);
    expect(sample.every((customer) => customer.kind === 'organization' || customer.kind === 'person')).toBe(true);
  });

  it('names persons mostly in Chinese, with the commonest surnames as common as in life, and some in English', () => {
    const persons = sample.filter((customer) => customer.kind === 'person');
    const english = persons.filter((customer) => /^[A-Za-z'-]+ [A-Za-z'-]+$/.test(customer.name));
    expect(english.length / persons.length).toBeGreaterThan(0.03);
    expect(english.length / persons.length).toBeLessThan(0.1);
    const chinese = persons.filter((customer) => /^[\u4e00-\u9fff]{2,4}$/.test(customer.name));
    expect(chinese.length + english.length).toBe(persons.length);
    // 王, 李 and 张 are about a fifth of China's population.
    const topThree = share(chinese, (customer) => /^[王李张]/.test(customer.name));
    expect(topThree).toBeGreaterThan(0.15);
    expect(topThree).toBeLessThan(0.27);
  });

  it('gives every customer at least one phone, all of which pass normalizePhone unchanged', () => {
    for (const customer of sample) {
      expect(customer.phones.length).toBeGreaterThanOrEqual(1);
      expect(customer.phones[0]).toMatch(/^1[3-9]\d{9}$/);
      for (const phone of customer.phones) expect(normalizePhone(phone), `${customer.name}: ${phone}`).toBe(phone);
    }
  });

  it('leaves about 15 % unowned when owners are given, and spreads the rest over all of them, unevenly', () => {
    const unowned = share(sample, (customer) => customer.ownerId === null);
    expect(unowned).toBeGreaterThan(0.11);
    expect(unowned).toBeLessThan(0.19);
    for (const customer of sample) if (customer.ownerId !== null) expect(OWNERS).toContain(customer.ownerId);
    expect(new Set(sample.map((customer) => customer.ownerId))).toEqual(new Set([...OWNERS, null]));
  });

  it('leaves everyone unowned when no owners are given', () => {
    expect(generate(42, 200, []).every((customer) => customer.ownerId === null)).toBe(true);
  });

  it('fills pinyin from the name and keeps dates in order within the three years before now, in creation order', () => {
    for (const customer of sample.slice(0, 300)) {
      const pinyin = namePinyin(customer.name);
      expect(customer.namePinyin).toBe(pinyin.full);
      expect(customer.nameInitials).toBe(pinyin.initials);
      expect(customer.createdAt.getTime()).toBeLessThanOrEqual(customer.updatedAt.getTime());
      expect(customer.updatedAt.getTime()).toBeLessThanOrEqual(NOW);
      expect(customer.createdAt.getTime()).toBeGreaterThanOrEqual(NOW - 3 * YEAR);
      expect(customer.address.startsWith(customer.city)).toBe(true);
    }
    const created = sample.map((customer) => customer.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => a - b));
    // A growing business: more customers arrived in the last year than in the first.
    expect(share(sample, (customer) => customer.createdAt.getTime() > NOW - YEAR)).toBeGreaterThan(2 * share(sample, (customer) => customer.createdAt.getTime() < NOW - 2 * YEAR));
  });

  it('spans the history it is given', () => {
    const twoYears = [...generateCustomers({ seed: 42, count: 300, ownerIds: OWNERS, historyYears: 2 })];
    expect(Math.min(...twoYears.map((customer) => customer.createdAt.getTime()))).toBeGreaterThanOrEqual(NOW - 2 * YEAR);
    expect(Math.min(...sample.map((customer) => customer.createdAt.getTime()))).toBeLessThan(NOW - 2 * YEAR);
  });

  it('gives organisations a company name, a switchboard number with the city area code, and sizes with a long tail', () => {
    const organisations = [...generateCustomerRecords({ seed: 42, count: 2000, ownerIds: OWNERS, interactions: false })].filter(
      (record) => record.customer.kind === 'organization',
    );
    for (const { customer, employees } of organisations) {
      expect(customer.name).toMatch(/(公司|Co\., Ltd\.)$/);
      expect(customer.phones).toHaveLength(2);
      expect(customer.phones[1]).toMatch(/^0\d{2,3}[2-8]\d{7}$/);
      expect(employees).toBeGreaterThanOrEqual(4);
      expect(customer.profile).toEqual({ industry: expect.any(String), size: expect.stringMatching(/^(micro|small|medium|large|huge)$/) });
    }
    const sizes = organisations.map((organisation) => organisation.employees).sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeLessThan(20);
    expect(sizes.at(-1)).toBeGreaterThan(500);
    expect(organisations.filter((organisation) => organisation.customer.profile.size === 'huge').length).toBeGreaterThan(0);
  });
});

describe('generateCustomerRecords: orders', () => {
  const catalogue = generateCatalogue({ seed: 7 });
  const records: CustomerRecord[] = [...generateCustomerRecords({ seed: 7, count: 4000, ownerIds: OWNERS, catalogue })];
  const orders = records.flatMap((record) => record.orders);
  const counts = records.map((record) => record.orders.length);

  it('is deterministic, orders and events included', () => {
    const digest = (list: CustomerRecord[]) => createHash('sha256').update(JSON.stringify(list)).digest('hex');
    expect(digest([...generateCustomerRecords({ seed: 7, count: 4000, ownerIds: OWNERS, catalogue })])).toBe(digest(records));
    expect(digest([...generateCustomerRecords({ seed: 8, count: 4000, ownerIds: OWNERS, catalogue })])).not.toBe(digest(records));
  }, 30_000);

  it('gives about ten orders per customer, a third no orders at all, and a few customers most of the orders', () => {
    const mean = orders.length / records.length;
    expect(mean).toBeGreaterThan(7);
    expect(mean).toBeLessThan(13);
    expect(share(counts, (n) => n === 0)).toBeGreaterThan(0.2);
    expect(share(counts, (n) => n === 0)).toBeLessThan(0.45);
    expect(share(counts, (n) => n === 1)).toBeGreaterThan(0.04);
    expect(share(counts, (n) => n === 1)).toBeLessThan(0.2);
    expect(share(counts, (n) => n >= 2)).toBeGreaterThan(0.4);
    // Heterogeneous buyers: the busiest tenth of customers place well over a third of all orders.
    const busiest = [...counts].sort((a, b) => b - a).slice(0, records.length / 10);
    expect(busiest.reduce((sum, n) => sum + n, 0) / orders.length).toBeGreaterThan(0.35);
  });

  it('lets each customer buy at her own rate and drop out at her own moment', () => {
    const buyers = records.filter((record) => record.traits.buyer && record.orders.length > 0);
    const fast = buyers.filter((record) => record.traits.rate > 20);
    const slow = buyers.filter((record) => record.traits.rate < 5);
    const perYear = (list: CustomerRecord[]) =>
      list.reduce((sum, record) => sum + record.orders.length / Math.max((NOW - record.customer.createdAt.getTime()) / YEAR, 0.1), 0) / list.length;
    expect(perYear(fast)).toBeGreaterThan(2 * perYear(slow));
    const dropouts = buyers.map((record) => record.traits.dropout);
    expect(Math.max(...dropouts) - Math.min(...dropouts)).toBeGreaterThan(0.1);
  });

  it('has organisations order more often and far bigger than persons', () => {
    const of = (kind: string) => records.filter((record) => record.customer.kind === kind);
    const perCustomer = (list: CustomerRecord[]) => list.reduce((sum, record) => sum + record.orders.length, 0) / list.length;
    const perOrder = (list: CustomerRecord[]) => {
      const mine = list.flatMap((record) => record.orders);
      return mine.reduce((sum, order) => sum + order.amount, 0) / mine.length;
    };
    expect(perCustomer(of('organization'))).toBeGreaterThan(1.3 * perCustomer(of('person')));
    expect(perOrder(of('organization'))).toBeGreaterThan(3 * perOrder(of('person')));
  });

  it('makes each amount whole fen and the sum of its lines, from catalogue products at catalogue prices', () => {
    const prices = new Map(catalogue.products.map((product) => [product.id, product.unitPrice]));
    const wrong = orders.filter(
      (order) =>
        !Number.isInteger(order.amount) ||
        order.lines.length < 1 ||
        order.lines.length > 3 ||
        order.amount !== order.lines.reduce((sum, line) => sum + line.amount, 0) ||
        order.lines.some((line) => line.unitPrice !== prices.get(line.productId) || !Number.isInteger(line.quantity) || line.quantity < 1 || line.amount !== line.quantity * line.unitPrice),
    );
    expect(wrong).toEqual([]);
  });

  it('dates every order between the customer joining and now, oldest first, with unique order numbers', () => {
    const wrong = records.filter(({ customer, orders: mine }) =>
      mine.some(
        (order, i) =>
          order.orderedAt.getTime() < customer.createdAt.getTime() ||
          order.orderedAt.getTime() > NOW ||
          (i > 0 && order.orderedAt.getTime() < mine[i - 1]!.orderedAt.getTime()),
      ),
    );
    expect(wrong).toEqual([]);
    expect(new Set(orders.map((order) => order.orderNo)).size).toBe(orders.length);
    expect(orders.every((order) => /^SO20\d{6}\d{10}$/.test(order.orderNo))).toBe(true);
  });

  it('sells most around Double 11 and before the Spring Festival, and little in the holiday week', () => {
    const inRange = (from: string, to: string) =>
      orders.filter((order) => order.orderedAt.getTime() >= Date.parse(`${from}T00:00:00+08:00`) && order.orderedAt.getTime() < Date.parse(`${to}T00:00:00+08:00`)).length;
    // An ordinary stretch of 2026, in weeks, as the yardstick.
    const ordinaryWeek = inRange('2026-03-01', '2026-05-24') / 12;
    expect(inRange('2025-11-08', '2025-11-15')).toBeGreaterThan(1.8 * ordinaryWeek * 0.8); // fewer customers in 2025 than in spring 2026
    expect(inRange('2025-11-08', '2025-11-15')).toBeGreaterThan(1.5 * (inRange('2025-10-04', '2025-11-01') / 4));
    // Spring Festival 2026 was on 17 February: the three weeks before against the holiday week.
    expect(inRange('2026-01-27', '2026-02-17') / 3).toBeGreaterThan(3 * inRange('2026-02-17', '2026-02-24'));
  });

  it('marks customers who bought in the last year current, earlier buyers lost, and the rest potential or non-customers', () => {
    for (const { customer, orders: mine } of records) {
      const last = mine.at(-1)?.orderedAt.getTime();
      if (last === undefined) expect(['potential', 'non_customer']).toContain(customer.status);
      else expect(customer.status).toBe(NOW - last <= YEAR ? 'current' : 'lost');
    }
  });

  it("starts each customer's events with her creation, then interactions within her life", () => {
    for (const { customer, events } of records.slice(0, 500)) {
      expect(events[0]).toMatchObject({ entityType: 'customer', action: 'created', entityId: customer.id, customerId: customer.id });
      for (const event of events.slice(1)) {
        expect(event.entityType).toBe('interaction');
        expect(event.occurredAt.getTime()).toBeGreaterThanOrEqual(customer.createdAt.getTime());
        expect(event.occurredAt.getTime()).toBeLessThanOrEqual(NOW);
      }
    }
    const perCustomer = records.reduce((sum, record) => sum + record.events.length, 0) / records.length;
    expect(perCustomer).toBeGreaterThan(3.5);
    expect(perCustomer).toBeLessThan(6.5);
  });
});
