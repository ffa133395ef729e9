import {
  type AnalyticsRefresh,
  type AnalyticsSettings,
  type ChurnReason,
  type ChurnWarning,
  type CustomerAnalytics,
  type ModelFit,
  SEGMENT_RULES,
  type SegmentKey,
} from '../../../shared/analytics.ts';
import type { ClvModelFitsTable, CustomerScoresTable, AnalyticsRefreshesTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';
import type { SettingsRow } from './refresh.service.ts';
import type { WarningRow } from './analytics.repository.ts';

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (value: number) => `${Math.round(value * 100)}%`;
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const segmentName = (key: string) => SEGMENT_RULES.find((rule) => rule.key === key)?.zh ?? key;

export function presentSettings(row: SettingsRow): AnalyticsSettings {
  return {
    rfmMethod: row.rfm_method,
    rfmThresholds: row.rfm_thresholds as AnalyticsSettings['rfmThresholds'],
    segmentHighMin: row.segment_high_min,
    abcAShare: row.abc_a_share,
    abcBShare: row.abc_b_share,
    keyAccountShare: row.key_account_share,
    clvHorizonWeeks: row.clv_horizon_weeks,
    clvDiscountMonthly: row.clv_discount_monthly,
    churnThreshold: row.churn_threshold,
    churnWarnTiers: row.churn_warn_tiers as AnalyticsSettings['churnWarnTiers'],
    currency: row.currency.trim(),
    creditScorecard: row.credit_scorecard as AnalyticsSettings['creditScorecard'],
    selectionMatrix: row.selection_matrix as AnalyticsSettings['selectionMatrix'],
    version: row.version,
    segmentRules: SEGMENT_RULES.map((rule) => ({ ...rule })),
  };
}

export function presentRefresh(row: Selectable<AnalyticsRefreshesTable>): AnalyticsRefresh {
  return {
    id: row.id,
    status: row.status,
    trigger: row.trigger,
    asOf: row.as_of,
    step: row.step,
    progress: row.progress,
    error: row.error,
    customers: row.customers,
    queuedAt: row.queued_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.started_at && row.finished_at ? row.finished_at.getTime() - row.started_at.getTime() : null,
  };
}

export function presentFit(row: Selectable<ClvModelFitsTable>): ModelFit {
  return {
    refreshId: row.refresh_id,
    asOf: row.as_of,
    status: row.status,
    reason: row.reason,
    customers: row.customers,
    repeatBuyers: row.repeat_buyers,
    bgnbd: row.bgnbd as ModelFit['bgnbd'],
    gammaGamma: row.gamma_gamma as ModelFit['gammaGamma'],
    horizonWeeks: row.horizon_weeks,
    discountMonthly: row.discount_monthly,
    fittedAt: row.fitted_at.toISOString(),
  };
}

/** The stored reason codes and numbers, worded in plain Chinese. */
export function presentReasons(stored: Array<Record<string, unknown>>): ChurnReason[] {
  return stored.map((reason): ChurnReason => {
    const n = (key: string) => (typeof reason[key] === 'number' ? (reason[key] as number) : null);
    switch (reason.code) {
      case 'p_alive': {
        const pAlive = n('pAlive') ?? 0;
        return { code: 'p_alive', concern: pAlive < 0.5, params: { pAlive }, text: `模型估计其仍活跃的概率为 ${pct(pAlive)}` };
      }
      case 'overdue': {
        const recencyDays = n('recencyDays') ?? 0;
        const meanGapDays = n('meanGapDays') ?? 0;
        const ratio = meanGapDays > 0 ? recencyDays / meanGapDays : 0;
        return {
          code: 'overdue',
          concern: ratio >= 1.5,
          params: { recencyDays, meanGapDays, ratio },
          text:
            ratio >= 1
              ? `距上次购买已 ${recencyDays} 天，是其平均购买间隔（${fixed(meanGapDays)} 天）的 ${fixed(ratio)} 倍`
              : `距上次购买 ${recencyDays} 天，未超过其平均购买间隔（${fixed(meanGapDays)} 天）`,
        };
      }
      case 'spend_falling': {
        const recent = n('recent') ?? 0;
        const previous = n('previous') ?? 0;
        const drop = previous > 0 ? Math.max(0, 1 - recent / previous) : 0;
        return {
          code: 'spend_falling',
          concern: drop >= 0.3,
          params: { recent, previous, drop },
          text:
            previous === 0
              ? `近两个季度消费 ${yuan(recent)}，此前两个季度没有消费可比`
              : recent >= previous
                ? `近两个季度消费 ${yuan(recent)}，不低于此前两个季度（${yuan(previous)}）`
                : `近两个季度消费 ${yuan(recent)}，比此前两个季度（${yuan(previous)}）下降 ${pct(drop)}`,
        };
      }
      case 'no_model':
        return { code: 'no_model', concern: false, params: {}, text: '数据不足以拟合购买模型，风险仅按购买间隔和消费变化估算' };
      default:
        return { code: 'single_purchase', concern: false, params: {}, text: '只购买过一次，尚无购买节奏可比，暂不评估流失风险' };
    }
  });
}

/** A customer's score with its churn reasons, built when read (findCustomerScore) */
type ScoreRow = Selectable<CustomerScoresTable> & { churn_reasons: Array<Record<string, unknown>> };

/** "该客户在过去 X 周购买了 N 次，最近一次在 …；模型估计其仍活跃的概率为 …" */
export function explainCustomer(score: ScoreRow | undefined, fit: Selectable<ClvModelFitsTable> | undefined, horizonWeeks: number): string {
  if (!score) return '截至最近一次评分，该客户还没有计入的订单（已取消或已退款的订单不计），暂无价值评分。';
  const weeks = Math.max(1, Math.round(score.age_weeks));
  const parts = [
    `该客户在过去 ${weeks} 周购买了 ${score.purchase_days} 次（同一天的订单算一次，共 ${score.orders} 笔订单），最近一次在 ${score.last_order_on}（${score.recency_days} 天前），累计消费 ${yuan(score.monetary)}。`,
  ];
  if (score.p_alive !== null && score.expected_purchases !== null) {
    parts.push(`模型估计其仍活跃的概率为 ${pct(score.p_alive)}，未来 ${horizonWeeks} 周预计再购买 ${fixed(score.expected_purchases)} 次`);
    parts.push(score.clv !== null && score.expected_spend !== null ? `，每次约 ${yuan(score.expected_spend)}，客户终生价值（折现后）约 ${yuan(score.clv)}。` : '。');
  } else {
    parts.push(`暂无终生价值预测：${fit?.reason ? `模型未能拟合（${fit.reason}）` : '还没有拟合的模型'}。`);
  }
  parts.push(
    `RFM 评分 R${score.r_score}·F${score.f_score}·M${score.m_score}，属于「${segmentName(score.segment)}」；按累计贡献属于 ${score.abc_tier} 类客户${score.key_account ? '，是关键客户' : ''}。`,
  );
  if (score.churn_risk !== null) parts.push(`流失风险 ${pct(score.churn_risk)}。`);
  return parts.join('');
}

export function presentCustomerAnalytics(
  customerId: string,
  score: ScoreRow | undefined,
  fit: Selectable<ClvModelFitsTable> | undefined,
  settings: SettingsRow,
  history: Array<{ as_of: string; segment: string; abc_tier: string; clv: number | null }>,
): CustomerAnalytics {
  const horizonWeeks = fit?.horizon_weeks ?? settings.clv_horizon_weeks;
  return {
    customerId,
    scored: Boolean(score),
    asOf: score?.as_of ?? null,
    currency: settings.currency.trim(),
    rfm: score
      ? { recencyDays: score.recency_days, frequency: score.orders, monetary: score.monetary, r: score.r_score, f: score.f_score, m: score.m_score, segment: score.segment as SegmentKey }
      : null,
    firstOrderOn: score?.first_order_on ?? null,
    lastOrderOn: score?.last_order_on ?? null,
    purchaseDays: score?.purchase_days ?? null,
    abcTier: score?.abc_tier ?? null,
    keyAccount: score?.key_account ?? false,
    clv:
      score && score.p_alive !== null && score.expected_purchases !== null
        ? { pAlive: score.p_alive, expectedPurchases: score.expected_purchases, expectedSpend: score.expected_spend, value: score.clv, horizonWeeks }
        : null,
    clvUnavailable: !score ? 'no_orders' : score.p_alive === null ? (fit?.reason ?? 'no_model') : score.clv === null ? (fit?.reason ?? 'no_spend_model') : null,
    churn: score ? { risk: score.churn_risk, reasons: presentReasons(score.churn_reasons) } : null,
    explanation: explainCustomer(score, fit, horizonWeeks),
    history: history.map((row) => ({ asOf: row.as_of, segment: row.segment as SegmentKey, abcTier: row.abc_tier as 'A' | 'B' | 'C', clv: row.clv })),
  };
}

export function presentWarning(row: WarningRow): ChurnWarning {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    status: row.status,
    risk: row.risk,
    clv: row.clv,
    reasons: presentReasons(row.reasons),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  };
}
