import { describe, expect, it } from 'vitest';
import { suggestMapping } from './imports.ts';

describe('suggestMapping', () => {
  it('recognises Chinese and English headers, ignoring case, spaces and brackets', () => {
    expect(suggestMapping('customers', ['客户名称', '手机号码', '电子邮件', '公司', '城市', '详细地址', '标签', '客户状态', '备注'])).toEqual({
      客户名称: 'name',
      手机号码: 'phones',
      电子邮件: 'emails',
      公司: null,
      城市: 'city',
      详细地址: 'address',
      标签: 'tags',
      客户状态: 'status',
      备注: null,
    });
    expect(suggestMapping('customers', ['Full Name', 'E-mail', 'Mobile (cell)', 'City'])).toEqual({
      'Full Name': 'name',
      'E-mail': 'emails',
      'Mobile (cell)': null,
      City: 'city',
    });
  });

  it('suggests each field for one column only', () => {
    expect(suggestMapping('customers', ['手机', '电话'])).toEqual({ 手机: 'phones', 电话: null });
  });

  it('maps order columns, amount in yuan included', () => {
    expect(suggestMapping('orders', ['订单号', '客户手机', '下单日期', '金额', '渠道', '商品'])).toEqual({
      订单号: 'orderNo',
      客户手机: 'customerPhone',
      下单日期: 'orderedAt',
      金额: 'amount',
      渠道: 'channel',
      商品: 'lines',
    });
  });
});
