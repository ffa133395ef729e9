import { normalizeCreditCode } from '../../../shared/credit-code.ts';
import {
  type DuplicateCandidate,
  type DuplicateCheckBody,
  type DuplicateCheckResult,
  type DuplicateGroupList,
  type DuplicateGroupQuery,
  type DuplicateReason,
  duplicateScore,
  MAX_GROUP_SIZE,
  MAX_GROUPS,
  MAX_SCANNED_CUSTOMERS,
} from '../../../shared/duplicates.ts';
import { normalizePhone } from '../../../shared/phone.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { maskEmail, maskFor, maskPhone, seesSensitive } from '../customers/customers.masking.ts';
import { namePinyin } from '../customers/customers.search.ts';
import * as repo from './duplicates.repository.ts';
import { presentCandidate } from './duplicates.presenter.ts';

/** The comparable form of what a user typed or a file held. */
export function probeOf(input: DuplicateCheckBody): repo.DuplicateProbe {
  const name = input.name.trim();
  const pinyin = name ? namePinyin(name) : { full: '', initials: '' };
  const code = input.creditCode ? normalizeCreditCode(input.creditCode) : '';
  return {
    name,
    namePinyin: pinyin.full,
    nameInitials: pinyin.initials,
    phones: [...new Set(input.phones.map((raw) => normalizePhone(raw)).filter((phone): phone is string => phone !== null))],
    emails: [...new Set(input.emails.filter((email) => email.includes('@')))],
    city: input.city?.trim() || null,
    organizationIds: input.organizationIds,
    creditCode: code.length === 18 ? code : null,
    excludeId: input.excludeId,
  };
}

/** The values a candidate shares with the probe, per reason, as the caller may see them. */
function matchValues(actor: Actor, probe: repo.DuplicateProbe, row: repo.CandidateRow, reasons: Set<DuplicateReason>) {
  const sensitive = seesSensitive(actor);
  const out: DuplicateCandidate['reasons'] = [];
  for (const reason of reasons) {
    if (reason === 'phone') {
      for (const phone of row.phones.filter((p) => probe.phones.includes(p))) out.push({ reason, value: sensitive ? phone : maskPhone(phone) });
    } else if (reason === 'email') {
      for (const email of row.emails.filter((e) => probe.emails.includes(e))) out.push({ reason, value: sensitive ? email : maskEmail(email) });
    } else if (reason === 'credit_code') out.push({ reason, value: row.credit_code ?? '' });
    else if (reason === 'name_city' || reason === 'initials_city') out.push({ reason, value: `${row.name} · ${row.city ?? ''}` });
    else if (reason === 'pinyin') out.push({ reason, value: probe.namePinyin });
    else out.push({ reason, value: row.name });
  }
  return out;
}

/** Likely duplicates of a record about to be saved: the ones the caller may see in full, and how many others exist. */
export async function checkDuplicates(db: DbOrTx, actor: Actor, input: DuplicateCheckBody): Promise<DuplicateCheckResult> {
  const probe = probeOf(input);
  const matches = await repo.findMatches(db, actor.workspaceId, probe);
  const byId = new Map<string, Set<DuplicateReason>>();
  for (const match of matches) {
    const reasons = byId.get(match.id) ?? new Set<DuplicateReason>();
    reasons.add(match.reason);
    byId.set(match.id, reasons);
  }
  const rows = await repo.findVisibleCandidates(db, actor, [...byId.keys()]);
  const candidates = rows
    .map((row) => {
      const reasons = byId.get(row.id)!;
      return { ...maskFor(actor, presentCandidate(row)), reasons: matchValues(actor, probe, row, reasons), score: duplicateScore([...reasons]) };
    })
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, 10);
  return { candidates, hiddenCount: byId.size - rows.length };
}

export async function listDuplicateGroups(db: DbOrTx, actor: Actor, query: DuplicateGroupQuery): Promise<DuplicateGroupList> {
  const limit = Math.min(query.limit, Math.max(MAX_GROUPS - query.offset, 0));
  const groups = limit
    ? await repo.findGroups(db, actor, { reason: query.reason, limit: limit + 1, offset: query.offset, maxGroupSize: MAX_GROUP_SIZE, maxScanned: MAX_SCANNED_CUSTOMERS })
    : [];
  const page = groups.slice(0, limit);
  const members = new Map(
    (await repo.findVisibleCandidates(db, actor, [...new Set(page.flatMap((group) => group.ids))])).map((row) => [row.id, row]),
  );
  const sensitive = seesSensitive(actor);
  const more = groups.length > limit;
  const capped = query.offset + limit >= MAX_GROUPS && (more || limit === 0);
  return {
    items: page.map((group) => ({
      key: `${group.reason}:${group.ids.join(',')}`,
      reason: group.reason,
      value: sensitive ? group.value : group.reason === 'phone' ? maskPhone(group.value) : group.reason === 'email' ? maskEmail(group.value) : group.value,
      score: group.score,
      members: group.ids.flatMap((id) => {
        const row = members.get(id);
        return row ? [maskFor(actor, presentCandidate(row))] : [];
      }),
    })),
    nextOffset: more && !capped ? query.offset + limit : null,
    capped,
    maxGroups: MAX_GROUPS,
    maxGroupSize: MAX_GROUP_SIZE,
    maxScanned: MAX_SCANNED_CUSTOMERS,
  };
}
