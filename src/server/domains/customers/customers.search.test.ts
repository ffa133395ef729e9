import { describe, expect, it } from 'vitest';
import { organisationDetails, personDetails, pickCity } from '../../demo/contact-details.ts';
import { createRandom } from '../../demo/random.ts';
import {
  contactSearchText,
  escapeLike,
  NamePinyinCache,
  namePinyin,
  namePinyinByCharacter,
  namePinyinOfWords,
  phoneKey,
  planSearch,
} from './customers.search.ts';

describe('namePinyin', () => {
  it('gives full pinyin and initials of a Chinese name', () => {
    expect(namePinyin('张伟')).toEqual({ full: 'zhangwei', initials: 'zw' });
    expect(namePinyin('杭州云图科技有限公司')).toEqual({ full: 'hangzhouyuntukejiyouxiangongsi', initials: 'hzytkjyxgs' });
  });

  it('reads a surname by its surname reading (单 as shan, not dan; 曾 as zeng)', () => {
    expect(namePinyin('单雄信')).toEqual({ full: 'shanxiongxin', initials: 'sxx' });
    expect(namePinyin('曾小贤')).toEqual({ full: 'zengxiaoxian', initials: 'zxx' });
  });

  it('keeps Latin words lower-cased in the full form and their first letters in the initials', () => {
    expect(namePinyin('Wendy Zhou')).toEqual({ full: 'wendyzhou', initials: 'wz' });
    expect(namePinyin('张Wendy')).toEqual({ full: 'zhangwendy', initials: 'zw' });
    expect(namePinyin('李 Lily 娜')).toEqual({ full: 'lililyna', initials: 'lln' });
  });

  it('keeps only lower-case letters and digits', () => {
    const { full, initials } = namePinyin("O'Brien·王 (3号)");
    expect(full).toMatch(/^[a-z0-9]+$/);
    expect(initials).toMatch(/^[a-z0-9]+$/);
    expect(full).toContain('obrien');
    expect(full).toContain('wang');
  });
});

describe('namePinyinByCharacter', () => {
  it('reads a name from its characters alone only as the segmentation reads it (20,000 generated names)', () => {
    const random = createRandom(11, 5);
    let read = 0;
    for (let i = 0; i < 20_000; i++) {
      const city = pickCity(random);
      const { name } = random.chance(0.25) ? organisationDetails(random, city) : personDetails(random, city);
      const byCharacter = namePinyinByCharacter(name);
      if (!byCharacter) continue;
      read++;
      expect(byCharacter, name).toEqual(namePinyinOfWords(name));
    }
    // Most names: persons' and companies' names without a polyphone.
    expect(read).toBeGreaterThan(8_000);
  });

  it('leaves polyphones and characters outside ASCII and common Han to the segmentation', () => {
    expect(namePinyinByCharacter('重庆火锅')).toBeNull();
    expect(namePinyinByCharacter('曾小贤')).toBeNull();
    expect(namePinyinByCharacter('〇〇七')).toBeNull();
    expect(namePinyinByCharacter('王＆李')).toBeNull();
  });

  it('keeps ASCII between Han characters as the segmentation does', () => {
    for (const name of ['张3丰', 'Wendy Zhou', '杭州 Acme Co., Ltd.', "O'Brien", ' 王 ']) {
      expect(namePinyinByCharacter(name), name).toEqual(namePinyinOfWords(name));
    }
    expect(namePinyinByCharacter('杭州 Acme Co., Ltd.')).toEqual({ full: 'hangzhouacmecoltd', initials: 'hzacl' });
  });
});

describe('NamePinyinCache', () => {
  it('gives what namePinyin gives, working out a name once while it was used in this generation or the last', () => {
    const cache = new NamePinyinCache(4); // generations of two names
    const first = cache.of('张伟');
    expect(first).toEqual(namePinyin('张伟'));
    const second = cache.of('李娜');
    cache.of('王芳'); // a new generation: 张伟 and 李娜 are the last one
    expect(cache.of('张伟')).toBe(first); // found in the last generation, kept in this one
    cache.of('刘洋'); // 王芳 and 张伟 become the last generation, 李娜 is forgotten
    expect(cache.of('张伟')).toBe(first);
    const again = cache.of('李娜');
    expect(again).not.toBe(second);
    expect(again).toEqual(namePinyin('李娜'));
  });
});

describe('phoneKey', () => {
  it('turns the digits around, so that a suffix of the number is a prefix of the key', () => {
    expect(phoneKey('13812345678')).toBe('p:87654321831');
    expect(phoneKey('13812345678').startsWith(phoneKey('5678'))).toBe(true);
    expect(phoneKey('+447911123456')).toBe('p:654321119744+');
  });
});

describe('contactSearchText', () => {
  it('joins phones and e-mails between spaces, so a phone suffix search can anchor on the trailing space', () => {
    expect(contactSearchText(['13812345678'], ['a@b.cn'])).toBe(' 13812345678 a@b.cn ');
    expect(contactSearchText([], [])).toBe('');
  });
});

describe('planSearch', () => {
  it('searches 4 or more digits as a phone suffix', () => {
    expect(planSearch('13812345678')).toEqual({ phoneSuffix: '13812345678' });
    expect(planSearch('5678')).toEqual({ phoneSuffix: '5678' });
    expect(planSearch('+86 138 1234 5678')).toEqual({ phoneSuffix: '13812345678' });
    expect(planSearch('0571-8888 9999')).toEqual({ phoneSuffix: '057188889999' });
  });

  it('searches fewer than 4 digits in the name only', () => {
    expect(planSearch('123')).toEqual({ name: '123' });
    expect(planSearch('12')).toEqual({ name: '12' });
  });

  it("searches text with '@' as the start of an address, or of a domain when it begins with '@', lower-cased", () => {
    expect(planSearch('Wendy@Example')).toEqual({ emailPrefix: 'wendy@example' });
    expect(planSearch('@Corp.cn')).toEqual({ emailDomain: 'corp.cn' });
    expect(planSearch('@')).toEqual({ emailDomain: '' });
  });

  it('searches letters as a pinyin prefix and a name substring, and as an e-mail prefix from 3 letters', () => {
    expect(planSearch('ZW')).toEqual({ pinyin: 'zw', name: 'zw' });
    expect(planSearch('zhanglei')).toEqual({ pinyin: 'zhanglei', name: 'zhanglei', emailPrefix: 'zhanglei' });
    expect(planSearch('zhang wei')).toEqual({ pinyin: 'zhangwei', name: 'zhang wei' });
    expect(planSearch("Wei'ming")).toEqual({ pinyin: 'weiming', name: "wei'ming", emailPrefix: "wei'ming" });
  });

  it('searches Chinese characters (and mixed input) in the name only', () => {
    expect(planSearch('张伟')).toEqual({ name: '张伟' });
    expect(planSearch(' 云图科技 ')).toEqual({ name: '云图科技' });
    expect(planSearch('张3')).toEqual({ name: '张3' });
  });

  it('plans nothing for blank input', () => {
    expect(planSearch('')).toEqual({});
    expect(planSearch('   ')).toEqual({});
  });
});

describe('escapeLike', () => {
  it('escapes LIKE wildcards and the escape character itself', () => {
    expect(escapeLike('50%')).toBe('50\\%');
    expect(escapeLike('a_b')).toBe('a\\_b');
    expect(escapeLike('a\\b')).toBe('a\\\\b');
    expect(escapeLike('%_\\')).toBe('\\%\\_\\\\');
  });

  it('leaves other text unchanged', () => {
    expect(escapeLike('张伟 zhang@x.cn')).toBe('张伟 zhang@x.cn');
  });
});
