import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { collectSensitive, maskAddress, maskEmail, maskEventFor, maskFor, maskIdNumber, maskPhone, maskSensitive } from './customers.masking.ts';

const actor = (permissions: string[]): Actor =>
  ({ type: 'user', workspaceId: 'w', userId: 'u', userName: 'x', teamId: null, role: { key: 'marketer', name: 'm', permissions, recordScope: 'all' }, apiKeyId: null, sessionId: null, csrfToken: null }) as Actor;

describe('masking one value', () => {
  it('keeps a phone’s first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('01065528888')).toBe('010****8888');
    expect(maskPhone('+442071234567')).toBe('+44****4567');
    expect(maskPhone('95588')).toBe('***88');
  });

  it('keeps an e-mail’s first letter and domain', () => {
    expect(maskEmail('zhang.wei@example.com')).toBe('z***@example.com');
    expect(maskEmail('a@b.cn')).toBe('a***@b.cn');
    expect(maskEmail('not-an-email')).toBe('****');
  });

  it('keeps an ID number’s first three and last four characters', () => {
    expect(maskIdNumber('11010119900307123X')).toBe('110***********123X');
    expect(maskIdNumber('12345')).toBe('*****');
  });

  it('keeps the province and city of an address and hides the rest', () => {
    expect(maskAddress('北京市朝阳区建国路88号')).toBe('北京市****');
    expect(maskAddress('浙江省杭州市西湖区文三路90号')).toBe('浙江省杭州市****');
    expect(maskAddress('新疆维吾尔自治区乌鲁木齐市天山区解放北路1号')).toBe('新疆维吾尔自治区乌鲁木齐市****');
    expect(maskAddress('88 Nathan Road, Kowloon, Hong Kong')).toBe('****, Hong Kong');
    expect(maskAddress('建国路88号')).toBe('****');
    expect(maskAddress('上海市')).toBe('****');
  });
});

describe('masking a record', () => {
  const customer = {
    id: 'c1',
    name: '张伟',
    phones: ['13812345678'],
    emails: ['zhang.wei@example.com'],
    city: '北京',
    address: '北京市朝阳区建国路88号',
    owner: { id: 'u1', name: '小王' },
    profile: {
      kind: 'person',
      idNumber: '11010119900307123X',
      addresses: [{ label: '公司', city: '上海', address: '上海市浦东新区世纪大道100号' }],
      career: { employer: '客脉科技', title: '经理' },
    },
  };

  it('masks phones, e-mails, ID numbers and addresses wherever they are, and nothing else', () => {
    expect(maskSensitive(customer)).toEqual({
      ...customer,
      phones: ['138****5678'],
      emails: ['z***@example.com'],
      address: '北京市****',
      profile: {
        ...customer.profile,
        idNumber: '110***********123X',
        addresses: [{ label: '公司', city: '上海', address: '上海市****' }],
      },
    });
  });

  it('leaves the record untouched for roles that see sensitive data, and masks for the others', () => {
    expect(maskFor(actor(['customers.read', 'customers.view_sensitive']), customer)).toBe(customer);
    expect(maskFor(actor(['customers.read']), customer).phones).toEqual(['138****5678']);
  });

  it('masks an event’s before, after and changes', () => {
    const event = {
      id: 'e',
      before: { phones: ['13812345678'], city: '北京' },
      after: { phones: ['13900001111'], city: '上海' },
      changes: [
        { field: 'phones', before: ['13812345678'], after: ['13900001111'] },
        { field: 'city', before: '北京', after: '上海' },
      ],
    };
    expect(maskEventFor(actor(['customers.read']), event)).toEqual({
      id: 'e',
      before: { phones: ['138****5678'], city: '北京' },
      after: { phones: ['139****1111'], city: '上海' },
      changes: [
        { field: 'phones', before: ['138****5678'], after: ['139****1111'] },
        { field: 'city', before: '北京', after: '上海' },
      ],
    });
  });

  it('collects every value of one field for a reveal', () => {
    expect(collectSensitive(customer, 'address')).toEqual(['北京市朝阳区建国路88号', '公司 上海 上海市浦东新区世纪大道100号']);
    expect(collectSensitive(customer, 'idNumber')).toEqual(['11010119900307123X']);
    expect(collectSensitive(customer, 'phones')).toEqual(['13812345678']);
  });
});
