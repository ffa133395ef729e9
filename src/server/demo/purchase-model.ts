import type { CustomerKind } from '../../shared/customers.ts';
import type { Catalogue, GeneratedProduct } from './product-catalogue.ts';
import { type Random, seededUuidv7, weightedPicker } from './random.ts';
import { beijingDay, type SeasonTable } from './seasonality.ts';

/*
 * Who buys what and when, as the repeat-buying models used on real customer
 * bases assume it happens (BG/NBD for the count, Gamma-Gamma for the spend),
 * so RFM and lifetime-value models have a known truth to recover:
 * - each customer has her own purchase rate λ ~ Gamma, thinned by the season
 *   (Double 11, 618, New Year's goods before the Spring Festival);
 * - after every purchase she drops out for good with her own probability p ~ Beta;
 * - her orders' values scatter around her own mean spend ν ~ Gamma;
 * - organisations buy more often and far bigger, growing with their size.
 */

const YEAR = 365.25 * 86_400_000;
const DAY = 86_400_000;
const MAX_ORDERS = 999;

export type OrderChannel = 'direct' | 'store' | 'online' | 'phone' | 'wechat' | 'distributor' | 'other';
export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refunded';

export interface GeneratedOrderLine {
  lineNo: number;
  productId: string;
  description: string;
  quantity: number;
  /** fen */
  unitPrice: number;
  /** fen: quantity × unitPrice */
  amount: number;
}

export interface GeneratedOrder {
  id: string;
  orderNo: string;
  orderedAt: Date;
  updatedAt: Date;
  channel: OrderChannel;
  status: OrderStatus;
  /** fen: the sum of the lines */
  amount: number;
  lines: GeneratedOrderLine[];
}

/** The hidden truth behind a customer's orders, kept for tests and for checking analytics against. */
export interface BuyerTraits {
  buyer: boolean;
  /** purchases per year while alive */
  rate: number;
  /** chance to drop out after each purchase */
  dropout: number;
  /** mean order value, fen */
  meanSpend: number;
}

export interface PurchaseInput {
  kind: CustomerKind;
  /** organisations: number of employees */
  employees: number;
  createdAt: number;
  now: number;
  /** the customer's position in the data set, used in order numbers */
  index: number;
}

const PERSON_CHANNELS = weightedPicker<OrderChannel>([['online', 45], ['wechat', 25], ['store', 20], ['phone', 5], ['other', 5]]);
const ORGANISATION_CHANNELS = weightedPicker<OrderChannel>([['direct', 40], ['phone', 20], ['distributor', 20], ['wechat', 10], ['online', 10]]);
const SETTLED_STATUS = weightedPicker<OrderStatus>([['completed', 925], ['cancelled', 45], ['refunded', 30]]);
const OPEN_STATUS = weightedPicker<OrderStatus>([['pending', 20], ['paid', 30], ['shipped', 50]]);
// Hour of day (Beijing) of an order: a late-morning and an evening peak, little at night.
const HOURS = weightedPicker<number>([0.6, 0.3, 0.15, 0.1, 0.1, 0.15, 0.4, 1.2, 2.8, 4.8, 6.2, 6.0, 4.2, 4.6, 5.8, 6.0, 5.6, 4.8, 4.0, 4.8, 6.2, 6.6, 5.2, 2.4].map((weight, hour) => [hour, weight] as const));
const LINE_COUNTS = weightedPicker<number>([[1, 55], [2, 30], [3, 15]]);

/** Draws a customer's hidden buying traits. */
export function drawTraits(random: Random, kind: CustomerKind, employees: number): BuyerTraits {
  if (kind === 'person') {
    return {
      buyer: random.chance(0.7),
      rate: random.gamma(0.9, 21),
      dropout: random.beta(1.5, 34),
      meanSpend: random.gamma(2.2, 18_000),
    };
  }
  // Size raises both how often and how much an organisation buys, sub-linearly.
  const scale = Math.log10(Math.max(employees, 1)) + 1;
  return {
    buyer: random.chance(0.75),
    rate: random.gamma(1.2, 16 * scale),
    dropout: random.beta(1.2, 32),
    meanSpend: random.gamma(2, 60_000 * scale * scale),
  };
}

/** Number of employees: most organisations are small, a few are very big (a Pareto tail). */
export function drawEmployees(random: Random): number {
  return Math.min(200_000, Math.floor(4 * Math.pow(1 - random.next(), -1 / 1.05)));
}

function pad(value: number, length: number) {
  return String(value).padStart(length, '0');
}

/** The lines of one order of about `target` fen: products whose price fits the spend, quantities to make up the rest. */
function drawLines(random: Random, products: GeneratedProduct[], target: number, bulk: boolean): GeneratedOrderLine[] {
  const count = LINE_COUNTS(random);
  const lines: GeneratedOrderLine[] = [];
  const used = new Set<string>();
  for (let lineNo = 1; lineNo <= count; lineNo++) {
    const share = (target / count) * Math.exp(random.normal() * 0.4);
    // The product priced nearest a draw around the share (catalogue sorted by price), then a neighbour.
    const wanted = share / Math.exp(random.next() * (bulk ? 3 : 1.2));
    let low = 0;
    let high = products.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (products[middle]!.unitPrice < wanted) low = middle + 1;
      else high = middle;
    }
    let index = Math.min(products.length - 1, Math.max(0, low + random.int(-4, 4)));
    if (used.has(products[index]!.id)) index = random.int(0, products.length - 1);
    if (used.has(products[index]!.id)) continue;
    const product = products[index]!;
    used.add(product.id);
    const quantity = Math.max(1, Math.min(bulk ? 500 : 12, Math.round(share / product.unitPrice)));
    lines.push({ lineNo: lines.length + 1, productId: product.id, description: product.name, quantity, unitPrice: product.unitPrice, amount: quantity * product.unitPrice });
  }
  return lines;
}

function orderNo(time: number, index: number, sequence: number) {
  const date = new Date(time + 8 * 3_600_000);
  return `SO${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}${pad(index, 7)}${pad(sequence, 3)}`;
}

/** Places an order time on its day: a time of day from the daily rhythm (Double 11 starts at midnight). */
function timeOfDay(random: Random, time: number, season: SeasonTable, earliest: number, latest: number) {
  const dayStart = beijingDay(time) * DAY - 8 * 3_600_000;
  const boost = season.boosts[beijingDay(time) - season.firstDay] ?? 1;
  const hour = boost >= 8 && random.chance(0.25) ? 0 : HOURS(random);
  const placed = dayStart + hour * 3_600_000 + random.int(0, 3_599_999);
  return Math.min(latest, Math.max(earliest, placed));
}

/**
 * A customer's orders, oldest first. The first purchase follows some weeks
 * after the customer appears; each later one comes at her seasonal rate until
 * she drops out or the observation ends at `now`.
 */
export function simulateOrders(random: Random, input: PurchaseInput, traits: BuyerTraits, catalogue: Catalogue, season: SeasonTable): GeneratedOrder[] {
  if (!traits.buyer) return [];
  const orders: GeneratedOrder[] = [];
  const bulk = input.kind === 'organization';
  const channels = bulk ? ORGANISATION_CHANNELS : PERSON_CHANNELS;
  let time = input.createdAt + random.exponential(1 / (30 * DAY));
  const peak = (traits.rate * season.max) / YEAR;
  while (time <= input.now && orders.length < MAX_ORDERS) {
    const orderedAt = timeOfDay(random, time, season, input.createdAt, input.now);
    const lines = drawLines(random, catalogue.products, random.gamma(4, traits.meanSpend / 4), bulk);
    const open = input.now - orderedAt < 3 * DAY;
    const status = open ? OPEN_STATUS(random) : SETTLED_STATUS(random);
    orders.push({
      id: seededUuidv7(random, orderedAt),
      orderNo: '',
      orderedAt: new Date(orderedAt),
      updatedAt: new Date(Math.min(input.now, orderedAt + (open ? 0 : random.int(1, 7) * DAY))),
      channel: channels(random),
      status,
      amount: lines.reduce((sum, line) => sum + line.amount, 0),
      lines,
    });
    if (random.chance(traits.dropout)) break;
    // Thinning: candidate times at the peak rate, each kept with the season's share of the peak.
    do time += random.exponential(peak);
    while (time <= input.now && random.next() * season.max > (season.boosts[beijingDay(time) - season.firstDay] ?? 1));
  }
  // Times of day can swap two orders of one day; number them in time order.
  orders.sort((a, b) => a.orderedAt.getTime() - b.orderedAt.getTime());
  orders.forEach((order, i) => (order.orderNo = orderNo(order.orderedAt.getTime(), input.index, i + 1)));
  return orders;
}
