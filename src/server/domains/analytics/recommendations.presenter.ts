import type { CustomerRecommendation, ProductAssociation } from '../../../shared/analytics.ts';
import type { AssociationRow, CustomerRecommendationRow } from './recommendations.repository.ts';

const percent = (value: number) => `${Math.round(value * 100)}%`;
const liftText = (value: number) => value.toFixed(1);

/** "买过「X」的客户中 42% 也买了「Y」（提升度 3.1）", and the same in English. */
export function recommendationReason(row: Pick<CustomerRecommendationRow, 'antecedent_name' | 'product_name' | 'confidence' | 'lift' | 'antecedents'>) {
  const others = row.antecedents - 1;
  const zh = `买过「${row.antecedent_name}」的客户中 ${percent(row.confidence)} 也买了「${row.product_name}」（提升度 ${liftText(row.lift)}）`;
  const en = `${percent(row.confidence)} of customers who bought ${row.antecedent_name} also bought ${row.product_name} (lift ${liftText(row.lift)})`;
  return {
    reason: others > 0 ? `${zh}；该客户买过的另外 ${others} 种产品也指向它` : zh,
    reasonEn: others > 0 ? `${en}; ${others} more of this customer's products point to it` : en,
  };
}

export function presentRecommendation(row: CustomerRecommendationRow, position: number): CustomerRecommendation {
  return {
    rank: position,
    product: {
      id: row.product_id,
      sku: row.product_sku,
      name: row.product_name,
      categoryName: row.category_name,
      unitPrice: row.product_unit_price,
      currency: row.product_currency.trim(),
    },
    score: row.score,
    confidence: row.confidence,
    lift: row.lift,
    antecedent: { id: row.antecedent_id, sku: row.antecedent_sku, name: row.antecedent_name },
    pairCustomers: row.pair_customers,
    antecedentCustomers: row.antecedent_customers,
    antecedents: row.antecedents,
    ...recommendationReason(row),
  };
}

export function presentAssociation(row: AssociationRow): ProductAssociation {
  return {
    antecedent: { id: row.antecedent_id, sku: row.antecedent_sku, name: row.antecedent_name },
    consequent: { id: row.consequent_id, sku: row.consequent_sku, name: row.consequent_name },
    pairCustomers: row.pair_customers,
    antecedentCustomers: row.antecedent_customers,
    consequentCustomers: row.consequent_customers,
    support: row.support,
    confidence: row.confidence,
    lift: row.lift,
    rank: row.rank,
  };
}
