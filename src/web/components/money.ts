import { useTranslation } from 'react-i18next';
import { formatMoney, type Money } from '../../shared/money.ts';

/** Formats money for the current language: ¥1,299.00 in Chinese, CN¥1,299.00 in English. */
export function useMoney() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-US' : 'zh-CN';
  return (money: Money | null | undefined) => (money ? formatMoney(money, locale) : '—');
}
