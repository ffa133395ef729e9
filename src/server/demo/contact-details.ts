import { fakerEN, fakerZH_CN } from '@faker-js/faker';
import { NamePinyinCache } from '../domains/customers/customers.search.ts';
import { type Random, weightedPicker } from './random.ts';

/*
 * Names, companies, phones, e-mails and addresses. The word lists come from
 * faker's zh_CN and en locales; the draws come from our own seeded stream
 * (faker's generator is too slow for a million customers).
 */

type Definitions = { person: { first_name: Record<string, string[]>; last_name: Record<string, string[]> }; company: { category: string[] }; location: { street_name: string[] } };
const zh = fakerZH_CN.rawDefinitions as unknown as Definitions;
const en = fakerEN.rawDefinitions as unknown as Definitions;

// The commonest surnames with their real shares (percent, 2020 census), so 王, 李 and 张 dominate as they do;
// faker's other surnames share the rest evenly.
const COMMON_SURNAMES: Array<[string, number]> = [
  ['王', 7.1], ['李', 7.0], ['张', 6.7], ['刘', 5.4], ['陈', 4.5], ['杨', 3.1], ['黄', 2.4], ['赵', 2.3], ['吴', 2.0], ['周', 1.9],
  ['徐', 1.5], ['孙', 1.5], ['马', 1.3], ['朱', 1.3], ['胡', 1.2], ['郭', 1.1], ['何', 1.1], ['高', 1.0], ['林', 1.0], ['罗', 0.9],
];
const OTHER_SURNAMES = zh.person.last_name.generic!.filter((name) => !COMMON_SURNAMES.some(([common]) => common === name));
const pickSurname = weightedPicker<string>([
  ...COMMON_SURNAMES,
  ...OTHER_SURNAMES.map((name) => [name, 38 / OTHER_SURNAMES.length] as [string, number]),
]);
// One-character given names, the most frequent in the adult population (张伟, 王芳, 李娜 …).
const SINGLE_GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '燕', '辉', '玲', '鹏', '华', '红', '飞', '斌', '宇', '浩'];
const TWO_CHAR_GIVEN = [...new Set([...zh.person.first_name.generic!, ...zh.person.first_name.male!, ...zh.person.first_name.female!])];
const EN_FIRST = en.person.first_name.generic!;
const EN_LAST = en.person.last_name.generic!;

// Real cities, weighted roughly by the size of their business population, with their area codes.
const CITIES: Array<[{ name: string; en: string; areaCode: string }, number]> = (
  [
    ['上海', 'Shanghai', '021', 12], ['北京', 'Beijing', '010', 12], ['深圳', 'Shenzhen', '0755', 10], ['广州', 'Guangzhou', '020', 9],
    ['杭州', 'Hangzhou', '0571', 8], ['成都', 'Chengdu', '028', 7], ['苏州', 'Suzhou', '0512', 6], ['武汉', 'Wuhan', '027', 6],
    ['南京', 'Nanjing', '025', 6], ['重庆', 'Chongqing', '023', 5], ['西安', "Xi'an", '029', 5], ['天津', 'Tianjin', '022', 4],
    ['长沙', 'Changsha', '0731', 4], ['郑州', 'Zhengzhou', '0371', 4], ['青岛', 'Qingdao', '0532', 3], ['宁波', 'Ningbo', '0574', 3],
    ['厦门', 'Xiamen', '0592', 3], ['合肥', 'Hefei', '0551', 3], ['济南', 'Jinan', '0531', 2], ['沈阳', 'Shenyang', '024', 2],
    ['昆明', 'Kunming', '0871', 2], ['福州', 'Fuzhou', '0591', 2], ['无锡', 'Wuxi', '0510', 2], ['东莞', 'Dongguan', '0769', 2],
  ] as const
).map(([name, english, areaCode, weight]) => [{ name, en: english, areaCode }, weight]);
export type City = (typeof CITIES)[number][0];
export const pickCity = weightedPicker(CITIES);

const DISTRICTS = ['中心区', '高新区', '经开区', '新区', '老城区', '滨江区', '开发区'];
const STREETS = zh.location.street_name;
// Mobile prefixes of the three carriers, commonest first.
const MOBILE_PREFIXES = ['139', '138', '137', '136', '135', '150', '151', '152', '158', '159', '182', '187', '188', '130', '131', '132', '155', '156', '185', '186', '133', '153', '180', '181', '189', '177', '199', '166', '176', '191'];
const MAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', '139.com', 'foxmail.com', 'outlook.com'];
const BRANDS = ['华信', '恒通', '瑞丰', '金盛', '宏远', '天成', '博雅', '安泰', '鼎新', '嘉禾', '联创', '明达', '润和', '盛世', '同舟', '万象', '新锐', '远航', '正泰', '致远', '中科', '云图', '星辰', '海纳'];
const INDUSTRIES = [...new Set(['科技', '贸易', '电子', '医疗器械', '教育咨询', '食品', '物流', '建材', '软件', '文化传媒', '餐饮管理', '汽车服务', ...zh.company.category])];
const COMPANY_FORMS = ['有限公司', '有限公司', '有限公司', '股份有限公司', '集团有限公司'];
const EN_INDUSTRIES = ['Trading', 'Technology', 'Consulting', 'Logistics', 'Foods', 'Medical', 'Software', 'Electronics'];

const digits = (random: Random, length: number) => {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(48 + random.int(0, 9));
  return text;
};
const mobile = (random: Random) => `${random.pick(MOBILE_PREFIXES)}${digits(random, 8)}`;

const pinyinCache = new NamePinyinCache(1_000_000);

export interface ContactDetails {
  name: string;
  namePinyin: string;
  nameInitials: string;
  phones: string[];
  emails: string[];
  address: string;
  /** organisations only: the industry named in the company name */
  industry: string | null;
}

/** A person: mostly Chinese names with real surname frequencies, some English ones. */
export function personDetails(random: Random, city: City): ContactDetails {
  const english = random.chance(0.06);
  let name: string;
  let email: string | null = null;
  if (english) {
    const first = random.pick(EN_FIRST);
    const last = random.pick(EN_LAST);
    name = `${first} ${last}`;
    if (random.chance(0.8)) email = `${first}.${last}${random.chance(0.5) ? digits(random, 2) : ''}@${random.pick(['gmail.com', 'outlook.com', 'hotmail.com', 'qq.com'])}`.toLowerCase();
  } else {
    name = pickSurname(random) + (random.chance(0.35) ? random.pick(SINGLE_GIVEN) : random.pick(TWO_CHAR_GIVEN));
  }
  const pinyin = pinyinCache.of(name);
  if (!english && random.chance(0.7)) email = `${pinyin.full}${digits(random, random.int(0, 4))}@${random.pick(MAIL_DOMAINS)}`;
  const phones = [mobile(random)];
  if (random.chance(0.1)) phones.push(mobile(random));
  return { name, namePinyin: pinyin.full, nameInitials: pinyin.initials, phones, emails: email ? [email] : [], address: address(random, city), industry: null };
}

/** An organisation: `上海瑞丰科技有限公司`, or now and then a foreign-invested `Harris Trading (Shanghai) Co., Ltd.` */
export function organisationDetails(random: Random, city: City): ContactDetails {
  let name: string;
  let industry: string;
  let email: string;
  if (random.chance(0.08)) {
    const family = random.pick(EN_LAST);
    industry = random.pick(EN_INDUSTRIES);
    name = `${family} ${industry} (${city.en}) Co., Ltd.`;
    email = `${random.pick(['info', 'sales', 'contact'])}@${family.toLowerCase().replace(/[^a-z]/g, '')}-${city.en.toLowerCase().replace(/[^a-z]/g, '')}.com`;
  } else {
    const brand = random.chance(0.5) ? random.pick(BRANDS) : random.pick(TWO_CHAR_GIVEN);
    industry = random.pick(INDUSTRIES);
    name = `${city.name}${brand}${industry}${random.pick(COMPANY_FORMS)}`;
    email = '';
  }
  const pinyin = pinyinCache.of(name);
  if (!email) email = `${random.pick(['info', 'sales', 'contact', 'service'])}@${pinyin.initials}${digits(random, 2)}.com.cn`;
  // A contact person's mobile, then the switchboard: area code + 8 digits (7 in some smaller cities is rare enough to ignore).
  const landline = `${city.areaCode}${random.int(2, 8)}${digits(random, 7)}`;
  return { name, namePinyin: pinyin.full, nameInitials: pinyin.initials, phones: [mobile(random), landline], emails: [email], address: address(random, city), industry };
}

function address(random: Random, city: City) {
  return `${city.name}市${random.pick(DISTRICTS)}${random.pick(STREETS)}${random.int(1, 999)}号`;
}
