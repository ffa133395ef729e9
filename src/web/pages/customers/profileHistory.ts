import { useTranslation } from 'react-i18next';
import { useLifecycleStages } from '../../api/customerProfile.ts';

/** History lines for the fields and actions the profile module adds (lifecycle, relations, contacts, profile groups). */
export const PROFILE_ACTIONS = ['lifecycle_changed', 'relation_added', 'relation_removed', 'contact_added', 'contact_updated', 'contact_removed'] as const;
type ProfileAction = (typeof PROFILE_ACTIONS)[number];
export const isProfileAction = (action: string): action is ProfileAction => (PROFILE_ACTIONS as readonly string[]).includes(action);

const FIELD_LABELS = {
  lifecycleStage: 'profile360.fields.lifecycleStage',
  lifecycleReason: 'profile360.lifecycle.reason',
  relationshipType: 'profile360.fields.relationshipType',
  valueClass: 'profile360.fields.valueClass',
  keyAccount: 'profile360.fields.keyAccount',
  profile: 'profile360.sections.profile',
  customFields: 'profile360.sections.customFields',
  relation: 'profile360.sections.relations',
  contact: 'profile360.sections.contacts',
} as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Leaf values of a nested document, blanks left out: "网易 · 产品经理 · 浙江大学". */
function leaves(value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (isObject(value)) return Object.values(value).flatMap(leaves);
  return [String(value)];
}

export function useProfileHistoryText() {
  const { t, i18n } = useTranslation();
  const stages = useLifecycleStages();
  const stageName = (key: string) => {
    const stage = stages.data?.find((s) => s.key === key);
    return stage ? (i18n.language === 'en' ? stage.nameEn : stage.nameZh) : key;
  };
  return {
    label: (field: string): string | null => (field in FIELD_LABELS ? t(FIELD_LABELS[field as keyof typeof FIELD_LABELS]) : null),
    action: (action: string): string | null => (isProfileAction(action) ? t(`profile360.events.${action}`) : null),
    /** The value in words, or null when the field is not one of this module's. */
    value: (field: string, value: unknown): string | null => {
      if (!(field in FIELD_LABELS)) return null;
      if (value === null || value === undefined) return t('common.empty');
      switch (field) {
        case 'lifecycleStage':
          return stageName(String(value));
        case 'relationshipType':
          return t(`profile360.relationshipType.${value as 'consumer'}`);
        case 'valueClass':
          return t(`profile360.valueClass.${value as 'important'}`);
        case 'keyAccount':
          return value ? t('profile360.yes') : t('profile360.no');
        case 'relation': {
          const relation = value as { type: 'friend'; direction: string; note: string | null };
          const type = relation.direction === 'incoming' ? t(`profile360.relationIncoming.${relation.type}`) : t(`profile360.relationType.${relation.type}`);
          return relation.note ? `${type}（${relation.note}）` : type;
        }
        case 'contact': {
          const contact = value as { role: 'user'; title: string | null; isPrimary: boolean };
          return [t(`profile360.contactRole.${contact.role}`), contact.title, contact.isPrimary ? t('profile360.contacts.primary') : null].filter(Boolean).join(' · ');
        }
        default: {
          const text = leaves(value).join(' · ');
          return text || t('common.empty');
        }
      }
    },
  };
}
