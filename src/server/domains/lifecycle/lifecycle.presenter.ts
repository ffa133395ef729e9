import type { LifecycleChange, LifecycleStage } from '../../../shared/lifecycle.ts';
import type { listHistory, listStages } from './lifecycle.repository.ts';

export function presentStage(row: Awaited<ReturnType<typeof listStages>>[number]): LifecycleStage {
  return { key: row.key, nameZh: row.name_zh, nameEn: row.name_en, position: row.position, retired: row.retired_at !== null };
}

export function presentChange(row: Awaited<ReturnType<typeof listHistory>>[number]): LifecycleChange {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    fromStage: row.from_stage,
    toStage: row.to_stage,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    reason: row.reason,
  };
}
