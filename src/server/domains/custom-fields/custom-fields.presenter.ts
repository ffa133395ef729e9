import type { CustomFieldDefinition, CustomFieldOption } from '../../../shared/custom-fields.ts';
import type { DefinitionRow } from './custom-fields.repository.ts';

export function presentDefinition(row: DefinitionRow): CustomFieldDefinition {
  return {
    id: row.id,
    key: row.key,
    labelZh: row.label_zh,
    labelEn: row.label_en,
    type: row.type,
    options: row.options as CustomFieldOption[],
    required: row.required,
    position: row.position,
    archivedAt: row.archived_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
