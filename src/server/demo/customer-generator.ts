import { fakerZH_CN as faker } from '@faker-js/faker';
import type { CustomerKind, CustomerStatus } from '../../shared/customers.ts';
import { namePinyin } from '../domains/customers/customers.search.ts';

// Real cities, weighted roughly by the size of their business population.
const CITIES: Array<[string, number]> = [
  ['上海', 12], ['北京', 12], ['深圳', 10], ['广州', 9], ['杭州', 8], ['成都', 7], ['苏州', 6], ['武汉', 6],
  ['南京', 6], ['重庆', 5], ['西安', 5], ['天津', 4], ['长沙', 4], ['郑州', 4], ['青岛', 3], ['宁波', 3],
  ['厦门', 3], ['合肥', 3], ['济南', 2], ['沈阳', 2], ['昆明', 2], ['福州', 2], ['无锡', 2], ['东莞', 2],
];
const DISTRICTS = ['中心区', '高新区', '经开区', '新区', '老城区', '滨江区', '开发区'];
const MOBILE_PREFIXES = ['139', '138', '137', '136', '135', '150', '151', '152', '158', '159', '182', '187', '188', '130', '131', '132', '155', '156', '185', '186', '133', '153', '180', '181', '189', '177', '199', '166', '176', '191'];
const MAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', '139.com', 'foxmail.com', 'outlook.com'];
const BRANDS = ['华信', '恒通', '瑞丰', '金盛', '宏远', '天成', '博雅', '安泰', '鼎新', '嘉禾', '联创', '明达', '润和', '盛世', '同舟', '万象', '新锐', '远航', '正泰', '致远', '中科', '云图', '星辰', '海纳'];
const INDUSTRIES = ['科技', '贸易', '电子', '医疗器械', '教育咨询', '食品', '物流', '建材', '软件', '文化传媒', '餐饮管理', '汽车服务'];
const COMPANY_FORMS = ['有限公司', '有限公司', '有限公司', '股份有限公司', '集团有限公司'];
const TAGS = ['VIP', '老客户', '高意向', '价格敏感', '转介绍', '展会获客', '线上咨询', '重点跟进', '大客户', '需回访'];
const STATUSES: Array<[CustomerStatus, number]> = [['potential', 40], ['current', 40], ['lost', 12], ['non_customer', 8]];

export interface GeneratedCustomer {
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
  createdAt: Date;
  updatedAt: Date;
}

function weighted<T>(items: Array<[T, number]>): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let pick = faker.number.float({ min: 0, max: total });
  for (const [item, weight] of items) {
    pick -= weight;
    if (pick <= 0) return item;
  }
  return items.at(-1)![0];
}

const mobile = () => `${faker.helpers.arrayElement(MOBILE_PREFIXES)}${faker.string.numeric(8)}`;

/**
 * Deterministic zh-CN customers for demos and tests: the same seed gives the
 * same people. Persons outnumber organisations three to one; ~15 % are
 * unowned (the pool).
 */
export function* generateCustomers(options: { seed: number; count: number; ownerIds: string[]; now?: Date }): Generator<GeneratedCustomer> {
  faker.seed(options.seed);
  const now = options.now ?? new Date('2026-11-01T00:00:00+08:00');
  const twoYears = 2 * 365 * 86_400_000;
  for (let index = 0; index < options.count; index++) {
    const kind: CustomerKind = faker.number.int(99) < 25 ? 'organization' : 'person';
    const city = weighted(CITIES);
    const name =
      kind === 'person'
        ? faker.person.fullName()
        : `${city}${faker.helpers.arrayElement(BRANDS)}${faker.helpers.arrayElement(INDUSTRIES)}${faker.helpers.arrayElement(COMPANY_FORMS)}`;
    const pinyin = namePinyin(name);
    const phones = [mobile()];
    if (kind === 'organization' || faker.number.int(99) < 10) phones.push(kind === 'organization' ? `0${faker.string.numeric({ length: 2, allowLeadingZeros: false })}${faker.string.numeric(8)}` : mobile());
    const emails =
      kind === 'person'
        ? faker.number.int(99) < 70
          ? [`${pinyin.full}${faker.string.numeric(faker.number.int({ min: 0, max: 4 }))}@${faker.helpers.arrayElement(MAIL_DOMAINS)}`]
          : []
        : [`${faker.helpers.arrayElement(['info', 'sales', 'contact', 'service'])}@${pinyin.initials}${faker.string.numeric(2)}.com.cn`];
    const createdAt = new Date(now.getTime() - faker.number.int(twoYears));
    const updatedAt = new Date(createdAt.getTime() + faker.number.int(now.getTime() - createdAt.getTime()));
    yield {
      kind,
      name,
      namePinyin: pinyin.full,
      nameInitials: pinyin.initials,
      phones,
      emails,
      city,
      address: `${city}市${faker.helpers.arrayElement(DISTRICTS)}${faker.location.street()}${faker.number.int({ min: 1, max: 999 })}号`,
      tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 3 }),
      status: weighted(STATUSES),
      ownerId: options.ownerIds.length && faker.number.int(99) >= 15 ? faker.helpers.arrayElement(options.ownerIds) : null,
      createdAt,
      updatedAt,
    };
  }
}
