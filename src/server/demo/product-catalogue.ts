import { createRandom, seededUuidv7 } from './random.ts';

/**
 * The demo company's catalogue: what a mid-sized Chinese B2B2C seller of
 * office and home goods lists. Prices in fen (CNY minor units).
 */
const CATEGORIES: Array<{ code: string; name: string; items: string[]; price: [number, number] }> = [
  { code: 'OFE', name: '办公设备', items: ['激光打印机', '多功能一体机', '碎纸机', '投影仪', '会议平板', '考勤机', '装订机', '扫描仪'], price: [399, 12_999] },
  { code: 'OFS', name: '办公耗材', items: ['A4复印纸', '硒鼓', '墨盒', '中性笔', '文件夹', '便利贴', '订书钉', '档案盒'], price: [5, 399] },
  { code: 'HAP', name: '家用电器', items: ['空气净化器', '扫地机器人', '电饭煲', '破壁机', '电热水壶', '加湿器', '吸尘器', '微波炉'], price: [129, 4_999] },
  { code: 'DIG', name: '数码配件', items: ['蓝牙耳机', '移动电源', '无线鼠标', '机械键盘', '显示器支架', '数据线', '充电器', '手机壳'], price: [19, 1_299] },
  { code: 'TEA', name: '茶叶礼盒', items: ['西湖龙井', '安溪铁观音', '云南普洱', '武夷岩茶', '信阳毛尖', '福鼎白茶', '祁门红茶', '碧螺春'], price: [88, 2_888] },
  { code: 'FOD', name: '食品饮料', items: ['坚果礼盒', '进口牛奶', '咖啡豆', '月饼礼盒', '粽子礼盒', '矿泉水', '燕麦片', '蜂蜜'], price: [29, 699] },
  { code: 'CAR', name: '个护美妆', items: ['洗护套装', '护手霜', '面膜', '精华液', '防晒霜', '电动牙刷', '剃须刀', '香氛'], price: [39, 1_599] },
  { code: 'HOM', name: '家居日用', items: ['四件套', '羽绒被', '保温杯', '收纳箱', '毛巾礼盒', '香薰蜡烛', '餐具套装', '雨伞'], price: [19, 1_999] },
  { code: 'SRV', name: '企业服务', items: ['IT运维服务', '设备保修延长', '办公室保洁', '企业邮箱', '云存储套餐', '网络布线', '安防监控安装', '财税代理'], price: [499, 29_999] },
  { code: 'EDU', name: '培训课程', items: ['销售技巧培训', '管理者训练营', 'Excel高效办公', '商务礼仪', '沟通与谈判', '新员工入职培训', '财务知识普及', '项目管理实战'], price: [199, 9_800] },
];
const VARIANTS = ['标准版', '升级版', '专业版', '旗舰版', '经济装', '礼盒装', '家庭装', '企业定制'];

export interface GeneratedCategory {
  id: string;
  name: string;
}

export interface GeneratedProduct {
  id: string;
  sku: string;
  name: string;
  categoryId: string;
  /** fen */
  unitPrice: number;
  /** relative popularity: a few products sell most of the volume */
  popularity: number;
}

export interface Catalogue {
  categories: GeneratedCategory[];
  /** sorted by unit price, cheapest first */
  products: GeneratedProduct[];
}

/** ~10 categories with 20 products each, the same for the same seed. */
export function generateCatalogue(options: { seed: number; now?: Date }): Catalogue {
  const random = createRandom(options.seed, -1);
  const created = (options.now ?? new Date('2026-11-01T00:00:00+08:00')).getTime() - 4 * 365 * 86_400_000;
  const categories: GeneratedCategory[] = [];
  const products: GeneratedProduct[] = [];
  for (const category of CATEGORIES) {
    const categoryId = seededUuidv7(random, created);
    categories.push({ id: categoryId, name: category.name });
    const [low, high] = category.price;
    const variants = new Set<string>();
    while (variants.size < 20) variants.add(`${random.pick(category.items)} ${random.pick(VARIANTS)}`);
    let n = 0;
    for (const name of variants) {
      // Log-uniform within the category's range, ending in 9 or 8 as Chinese price tags do.
      const yuan = Math.exp(Math.log(low) + random.next() * (Math.log(high) - Math.log(low)));
      const tail = random.chance(0.5) ? 0.9 : 0.8;
      const unitPrice = Math.max(100, Math.round((Math.floor(yuan) + tail) * 100));
      products.push({
        id: seededUuidv7(random, created + products.length * 60_000),
        sku: `KM-${category.code}-${String(++n).padStart(3, '0')}`,
        name,
        categoryId,
        unitPrice,
        popularity: Math.pow(random.next(), 3) * 10 + 0.2,
      });
    }
  }
  products.sort((a, b) => a.unitPrice - b.unitPrice || a.sku.localeCompare(b.sku));
  return { categories, products };
}
