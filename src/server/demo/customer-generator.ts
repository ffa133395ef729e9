import type { CustomerKind, CustomerStatus } from '../../shared/customers.ts';
import { organisationDetails, personDetails, pickCity } from './contact-details.ts';
import { type Catalogue, generateCatalogue } from './product-catalogue.ts';
import { type BuyerTraits, drawEmployees, drawTraits, type GeneratedOrder, simulateOrders } from './purchase-model.ts';
import { createRandom, type Random, seededUuidv7, weightedPicker } from './random.ts';
import { buildSeasonTable } from './seasonality.ts';

/** "Now" of generated data: fixed, so the same seed gives the same rows on any day. */
export const GENERATED_NOW = new Date('2026-11-01T00:00:00+08:00');
/** Customers appear over this many years before now, unless told otherwise. */
const HISTORY_YEARS = 3;
const YEAR = 365 * 86_400_000;
const DAY = 86_400_000;

const TAGS = ['老客户', '高意向', '价格敏感', '转介绍', '展会获客', '线上咨询', '重点跟进', '需回访'];
const INTERACTIONS: Record<CustomerKind, Array<[string, string[]]>> = {
  person: [
    ['phone', ['电话回访，了解使用体验', '电话确认收货', '来电咨询新品', '电话邀约到店']],
    ['wechat', ['微信发送活动信息', '微信答复售后问题', '微信推荐新品', '节日微信问候']],
    ['visit', ['到店体验', '上门安装回访']],
    ['email', ['发送电子发票', '发送会员权益说明']],
  ],
  organization: [
    ['visit', ['上门拜访采购负责人', '现场演示产品', '季度业务回顾']],
    ['meeting', ['线上会议沟通方案', '报价评审会', '年度框架协议洽谈']],
    ['phone', ['电话跟进报价', '电话确认交付时间', '电话了解预算']],
    ['email', ['发送报价单', '发送合同草稿', '发送对账单']],
  ],
};

export interface GeneratedCustomer {
  id: string;
  kind: CustomerKind;
  name: string;
  namePinyin: string;
  nameInitials: string;
  phones: string[];
  emails: string[];
  city: string;
  address: string;
  tags: string[];
  status: CustomerStatus;
  ownerId: string | null;
  /** the stored profile document (customer-profile.ts): organisations' industry and size; nothing known of persons */
  profile: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** A row for the events table: the customer's creation, and interaction-like contacts until interactions exist. */
export interface GeneratedEvent {
  id: string;
  occurredAt: Date;
  actorType: 'user' | 'system';
  actorId: string | null;
  entityType: 'customer' | 'interaction';
  entityId: string;
  customerId: string;
  action: 'created' | 'logged';
  after: Record<string, unknown>;
}

export interface CustomerRecord {
  customer: GeneratedCustomer;
  /** organisations' head count (0 for persons), which drives how much they buy */
  employees: number;
  orders: GeneratedOrder[];
  events: GeneratedEvent[];
  /** the hidden parameters the orders were drawn from */
  traits: BuyerTraits;
}

export interface GenerateOptions {
  seed: number;
  count: number;
  /** owners to spread customers over; each gets a book of its own size */
  ownerIds: string[];
  now?: Date;
  catalogue?: Catalogue;
  /** interaction-like events besides each customer's 'created' event (default true) */
  interactions?: boolean;
  /** recorded in each 'created' event */
  source?: string;
  /** years of history before now (default 3) */
  historyYears?: number;
}

/**
 * Customers with their orders and events, deterministic for a seed. Customer
 * i is drawn from its own random stream, and customers come in the order they
 * were created (as a real table fills up), more of them recently.
 */
export function* generateCustomerRecords(options: GenerateOptions): Generator<CustomerRecord> {
  const now = (options.now ?? GENERATED_NOW).getTime();
  const history = (options.historyYears ?? HISTORY_YEARS) * YEAR;
  const start = now - history;
  const catalogue = options.catalogue ?? generateCatalogue({ seed: options.seed, now: new Date(now) });
  const season = buildSeasonTable(start, now);
  const ownerRandom = createRandom(options.seed, -2);
  // Books differ: some reps carry three times the customers of others.
  const pickOwner = options.ownerIds.length ? weightedPicker(options.ownerIds.map((id) => [id, ownerRandom.gamma(2.5, 1)] as const)) : null;

  for (let index = 0; index < options.count; index++) {
    const random = createRandom(options.seed, index);
    // Cumulative share of customers created by time t grows as (t/T)^1.5: a growing business.
    const createdAt = Math.floor(start + history * Math.pow((index + random.next()) / options.count, 1 / 1.5));
    const kind: CustomerKind = random.chance(0.25) ? 'organization' : 'person';
    const city = pickCity(random);
    const details = kind === 'person' ? personDetails(random, city) : organisationDetails(random, city);
    const employees = kind === 'organization' ? drawEmployees(random) : 0;
    const ownerId = pickOwner && random.chance(0.85) ? pickOwner(random) : null;
    const id = seededUuidv7(random, createdAt);
    const traits = drawTraits(random, kind, employees);
    const orders = simulateOrders(random, { kind, employees, createdAt, now, index: index + 1 }, traits, catalogue, season);
    const updatedAt = createdAt + Math.floor(random.next() * (now - createdAt));
    const customer: GeneratedCustomer = {
      id,
      kind,
      name: details.name,
      namePinyin: details.namePinyin,
      nameInitials: details.nameInitials,
      phones: details.phones,
      emails: details.emails,
      city: city.name,
      address: details.address,
      tags: tagsFor(random, kind, employees, orders),
      status: statusFor(random, orders, now),
      ownerId,
      profile: kind === 'organization' ? { industry: details.industry, size: companySize(employees) } : {},
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
    };
    const events: GeneratedEvent[] = [
      {
        id: seededUuidv7(random, createdAt),
        occurredAt: customer.createdAt,
        actorType: 'system',
        actorId: null,
        entityType: 'customer',
        entityId: id,
        customerId: id,
        action: 'created',
        after: { name: customer.name, kind, source: options.source ?? 'demo' },
      },
    ];
    if (options.interactions ?? true) events.push(...interactionsFor(random, customer, orders.length, now));
    yield { customer, employees, orders, events, traits };
  }
}

/** Customers only: the same customers generateCustomerRecords draws for these options. */
export function* generateCustomers(options: { seed: number; count: number; ownerIds: string[]; now?: Date; historyYears?: number }): Generator<GeneratedCustomer> {
  for (const record of generateCustomerRecords({ ...options, interactions: false })) yield record.customer;
}

/** The profile's size band (COMPANY_SIZES) for a head count. */
function companySize(employees: number) {
  return employees < 10 ? 'micro' : employees < 100 ? 'small' : employees < 300 ? 'medium' : employees < 1000 ? 'large' : 'huge';
}

/** What a CRM would say of the customer: buying within the last year is current, buying before that lost. */
function statusFor(random: Random, orders: GeneratedOrder[], now: number): CustomerStatus {
  const last = orders.at(-1);
  if (!last) return random.chance(0.25) ? 'non_customer' : 'potential';
  return now - last.orderedAt.getTime() <= YEAR ? 'current' : 'lost';
}

function tagsFor(random: Random, kind: CustomerKind, employees: number, orders: GeneratedOrder[]): string[] {
  const tags = new Set<string>();
  const count = random.int(0, 2);
  for (let i = 0; i < count; i++) tags.add(random.pick(TAGS));
  const spend = orders.reduce((sum, order) => sum + (order.status === 'completed' ? order.amount : 0), 0);
  if (spend >= (kind === 'person' ? 2_000_000 : 20_000_000)) tags.add('VIP');
  if (kind === 'organization' && employees >= 500) tags.add('大客户');
  return [...tags];
}

/** Calls, visits, messages: more for customers who buy more, spread over the customer's life. */
function interactionsFor(random: Random, customer: GeneratedCustomer, orderCount: number, now: number): GeneratedEvent[] {
  const created = customer.createdAt.getTime();
  const count = Math.min(200, random.poisson(1.6 + 0.24 * Math.min(orderCount, 60)));
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(created + Math.floor(random.next() * Math.max(now - created, DAY)));
  times.sort((a, b) => a - b);
  return times.map((time) => {
    const [channel, summaries] = random.pick(INTERACTIONS[customer.kind]);
    return {
      id: seededUuidv7(random, time),
      occurredAt: new Date(Math.min(time, now)),
      actorType: customer.ownerId ? 'user' : 'system',
      actorId: customer.ownerId,
      entityType: 'interaction',
      entityId: seededUuidv7(random, time),
      customerId: customer.id,
      action: 'logged',
      after: { channel, summary: random.pick(summaries) },
    };
  });
}
