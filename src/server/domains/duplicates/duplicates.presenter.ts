import type { DuplicateGroup } from '../../../shared/duplicates.ts';
import type { CandidateRow } from './duplicates.repository.ts';

export function presentCandidate(row: CandidateRow): DuplicateGroup['members'][number] {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    phones: row.phones,
    emails: row.emails,
    city: row.city,
    status: row.status,
    owner: row.owner_id && row.owner_name ? { id: row.owner_id, name: row.owner_name } : null,
    updatedAt: row.updated_at.toISOString(),
  };
}
