import type { FieldIssue } from '../../../shared/common.ts';
import type { CustomerKind } from '../../../shared/customers.ts';
import {
  type CustomerProfile,
  emptyOrganizationProfile,
  emptyPersonProfile,
  ORGANIZATION_PROFILE_KEYS,
  PERSON_PROFILE_KEYS,
  type ProfileInput,
} from '../../../shared/customer-profile.ts';

type Stored = Record<string, unknown>;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fills the stored document over the empty profile of the kind: every field present, nothing foreign. */
export function presentProfile(kind: CustomerKind, stored: Stored | null | undefined): CustomerProfile {
  const empty: Record<string, unknown> = kind === 'person' ? emptyPersonProfile() : emptyOrganizationProfile();
  const profile: Record<string, unknown> = { ...empty };
  if (stored) {
    for (const key of Object.keys(empty)) {
      if (key === 'kind' || !(key in stored)) continue;
      const value = stored[key];
      const base = empty[key];
      if (key === 'credit' && isObject(base) && isObject(value)) {
        profile[key] = Object.fromEntries(Object.entries(base).map(([c, score]) => [c, { ...(score as object), ...(isObject(value[c]) ? value[c] : {}) }]));
      } else profile[key] = isObject(base) && isObject(value) ? { ...base, ...value } : value;
    }
  }
  return profile as CustomerProfile;
}

/**
 * Applies a partial profile change to the stored profile of the kind: groups
 * merge field by field, the rest replace. Fields of the other kind are
 * reported as `profile.<key>` issues.
 */
export function mergeProfile(kind: CustomerKind, current: CustomerProfile, input: ProfileInput | undefined): { profile: CustomerProfile; issues: FieldIssue[] } {
  const allowed: readonly string[] = kind === 'person' ? PERSON_PROFILE_KEYS : ORGANIZATION_PROFILE_KEYS;
  const issues: FieldIssue[] = [];
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(input ?? {})) {
    if (value === undefined) continue;
    if (!allowed.includes(key)) {
      issues.push({ path: `profile.${key}`, code: 'wrong_kind', message: `Not a field of ${kind === 'person' ? 'a person' : 'an organisation'}` });
      continue;
    }
    const base = next[key];
    if (key === 'credit' && isObject(base) && isObject(value)) {
      next[key] = { ...base, ...Object.fromEntries(Object.entries(value).map(([c, score]) => [c, { ...(base[c] as object), ...(score as object) }])) };
    } else next[key] = isObject(base) && isObject(value) ? { ...base, ...value } : value;
  }
  return { profile: next as CustomerProfile, issues };
}

/** The document stored in customers.profile (the kind lives in its own column). */
export function storedProfile(profile: CustomerProfile): Record<string, unknown> {
  const { kind: _kind, ...rest } = profile;
  return rest;
}
