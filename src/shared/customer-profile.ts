import { z } from 'zod';
import { creditCodeProblem, normalizeCreditCode } from './credit-code.ts';

/**
 * The customer profile (客户信息) of the seed texts: person groups (消费/事业/教育情况,
 * 偏好, 客户心理…) and the organisation file (法人代表, 经营状态, 5C 资信…), plus the
 * classifications of 002. Profiles are stored as one jsonb document per customer;
 * these schemas are its contract in both directions.
 */

export const GENDERS = ['male', 'female', 'other'] as const;
/** 客户心理 (002): 实用 / 品牌 / 审美 / 猎奇 / 从众 */
export const PSYCHOLOGY_TYPES = ['practical', 'brand', 'aesthetic', 'novelty', 'conformist'] as const;
export const SPENDING_LEVELS = ['low', 'medium', 'high'] as const;
/** Monthly income bands in CNY: <5k, 5–10k, 10–20k, 20–50k, >50k */
export const INCOME_BANDS = ['under_5k', '5k_10k', '10k_20k', '20k_50k', 'over_50k'] as const;
export const DEGREES = ['primary', 'secondary', 'vocational', 'associate', 'bachelor', 'master', 'doctorate', 'other'] as const;
/** Employees: <10, 10–49, 50–199, 200–999, 1000+ */
export const COMPANY_SIZES = ['micro', 'small', 'medium', 'large', 'huge'] as const;
/** 经营状态: 存续/在业, 停业, 吊销, 注销, 其他 */
export const OPERATING_STATUSES = ['operating', 'suspended', 'revoked', 'cancelled', 'other'] as const;
/** 财务实力 */
export const FINANCIAL_STRENGTHS = ['strong', 'good', 'average', 'weak'] as const;
/** The 5C of credit (资信): 品德, 能力, 资本, 抵押, 条件 */
export const CREDIT_CRITERIA = ['character', 'capacity', 'capital', 'collateral', 'conditions'] as const;

/** Classifications (002): by relationship 消费者/中间商/内部/公众, by value 重要/普通/小 */
export const RELATIONSHIP_TYPES = ['consumer', 'intermediary', 'internal', 'public'] as const;
export const RelationshipTypeSchema = z.enum(RELATIONSHIP_TYPES);
export type RelationshipType = z.infer<typeof RelationshipTypeSchema>;
export const VALUE_CLASSES = ['important', 'ordinary', 'small'] as const;
export const ValueClassSchema = z.enum(VALUE_CLASSES);
export type ValueClass = z.infer<typeof ValueClassSchema>;

const Text = (max: number) => z.string().trim().max(max);
/** Optional text: blank becomes null. */
const NullableText = (max: number) =>
  Text(max)
    .nullable()
    .transform((value) => (value ? value : null));
const TextList = (max: number, itemMax: number) =>
  z
    .array(Text(itemMax).min(1))
    .max(max)
    .transform((list) => [...new Set(list)]);

export const DateOnlySchema = z.iso.date();

export const LunarBirthdaySchema = z.object({
  month: z.int().min(1).max(12),
  day: z.int().min(1).max(30),
  /** born in a leap month (闰月) */
  leap: z.boolean().default(false),
});
export type LunarBirthday = z.output<typeof LunarBirthdaySchema>;

// Input schemas trim, drop blanks and repeats; the output schemas below describe what the API answers.
export const AddressInputSchema = z.object({
  label: Text(20).default(''),
  city: NullableText(60).default(null),
  address: Text(300).min(1),
});
export const ConsumptionInputSchema = z.object({
  spendingLevel: z.enum(SPENDING_LEVELS).nullable(),
  channels: TextList(10, 40),
  categories: TextList(20, 40),
  frequencyNote: NullableText(200),
});
export const CareerInputSchema = z.object({
  employer: NullableText(100),
  title: NullableText(60),
  industry: NullableText(60),
  incomeBand: z.enum(INCOME_BANDS).nullable(),
});
export const EducationInputSchema = z.object({
  degree: z.enum(DEGREES).nullable(),
  school: NullableText(100),
  major: NullableText(100),
});
export const PreferencesInputSchema = z.object({
  tags: TextList(30, 40),
  note: NullableText(500),
});
export const CreditScoreInputSchema = z.object({
  score: z.int().min(1).max(5).nullable(),
  note: NullableText(200),
});

const NullableString = z.string().nullable();
const Strings = z.array(z.string());
export const AddressSchema = z.object({ label: z.string(), city: NullableString, address: z.string() });
export type Address = z.infer<typeof AddressSchema>;
export const CreditScoreSchema = z.object({ score: z.int().nullable(), note: NullableString });
export const CreditFileSchema = z.object({
  character: CreditScoreSchema,
  capacity: CreditScoreSchema,
  capital: CreditScoreSchema,
  collateral: CreditScoreSchema,
  conditions: CreditScoreSchema,
});

export const CreditCodeSchema = z
  .string()
  .max(40)
  .transform((raw, ctx) => {
    const code = normalizeCreditCode(raw);
    const problem = creditCodeProblem(code);
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        message: problem === 'checksum' ? 'The check character does not match (GB 32100-2015)' : `Not a unified social credit code (${problem})`,
        params: { code: `credit_code_${problem}` },
      });
      return z.NEVER;
    }
    return code;
  });

/** The stored and presented person profile: every field present, unknown ones null. */
export const PersonProfileSchema = z
  .object({
    kind: z.literal('person'),
    gender: z.enum(GENDERS).nullable(),
    birthday: DateOnlySchema.nullable(),
    lunarBirthday: z.object({ month: z.int(), day: z.int(), leap: z.boolean() }).nullable(),
    /** further addresses; the customer's city/address are the primary one */
    addresses: z.array(AddressSchema),
    consumption: z.object({ spendingLevel: z.enum(SPENDING_LEVELS).nullable(), channels: Strings, categories: Strings, frequencyNote: NullableString }),
    career: z.object({ employer: NullableString, title: NullableString, industry: NullableString, incomeBand: z.enum(INCOME_BANDS).nullable() }),
    education: z.object({ degree: z.enum(DEGREES).nullable(), school: NullableString, major: NullableString }),
    preferences: z.object({ tags: Strings, note: NullableString }),
    psychology: z.enum(PSYCHOLOGY_TYPES).nullable(),
    sourceChannel: NullableString,
  })
  .meta({ id: 'PersonProfile' });
export type PersonProfile = z.infer<typeof PersonProfileSchema>;

export const OrganizationProfileSchema = z
  .object({
    kind: z.literal('organization'),
    creditCode: NullableString,
    legalRepresentative: NullableString,
    industry: NullableString,
    size: z.enum(COMPANY_SIZES).nullable(),
    operatingStatus: z.enum(OPERATING_STATUSES).nullable(),
    financialStrength: z.enum(FINANCIAL_STRENGTHS).nullable(),
    productNeeds: NullableString,
    credit: CreditFileSchema,
    sourceChannel: NullableString,
  })
  .meta({ id: 'OrganizationProfile' });
export type OrganizationProfile = z.infer<typeof OrganizationProfileSchema>;

export const CustomerProfileSchema = z.discriminatedUnion('kind', [PersonProfileSchema, OrganizationProfileSchema]);
export type CustomerProfile = z.infer<typeof CustomerProfileSchema>;

const emptyScore = () => ({ score: null, note: null });
export function emptyPersonProfile(): PersonProfile {
  return {
    kind: 'person',
    gender: null,
    birthday: null,
    lunarBirthday: null,
    addresses: [],
    consumption: { spendingLevel: null, channels: [], categories: [], frequencyNote: null },
    career: { employer: null, title: null, industry: null, incomeBand: null },
    education: { degree: null, school: null, major: null },
    preferences: { tags: [], note: null },
    psychology: null,
    sourceChannel: null,
  };
}
export function emptyOrganizationProfile(): OrganizationProfile {
  return {
    kind: 'organization',
    creditCode: null,
    legalRepresentative: null,
    industry: null,
    size: null,
    operatingStatus: null,
    financialStrength: null,
    productNeeds: null,
    credit: {
      character: emptyScore(),
      capacity: emptyScore(),
      capital: emptyScore(),
      collateral: emptyScore(),
      conditions: emptyScore(),
    },
    sourceChannel: null,
  };
}

/** Group keys (nested objects merged field by field on update). */
export const PERSON_GROUPS = ['consumption', 'career', 'education', 'preferences'] as const;
export const PERSON_PROFILE_KEYS = [
  'gender',
  'birthday',
  'lunarBirthday',
  'addresses',
  'consumption',
  'career',
  'education',
  'preferences',
  'psychology',
  'sourceChannel',
] as const;
export const ORGANIZATION_PROFILE_KEYS = [
  'creditCode',
  'legalRepresentative',
  'industry',
  'size',
  'operatingStatus',
  'financialStrength',
  'productNeeds',
  'credit',
  'sourceChannel',
] as const;

/**
 * Profile changes on create and update: any subset of the fields of the
 * customer's kind. A group (career, credit…) given in part changes only the
 * fields given; null clears a field. Fields of the other kind are rejected.
 */
export const ProfileInputSchema = z
  .strictObject({
    // person
    gender: z.enum(GENDERS).nullable().optional(),
    birthday: DateOnlySchema.nullable().optional(),
    lunarBirthday: LunarBirthdaySchema.nullable().optional(),
    addresses: z.array(AddressInputSchema).max(10).optional(),
    consumption: ConsumptionInputSchema.partial().optional(),
    career: CareerInputSchema.partial().optional(),
    education: EducationInputSchema.partial().optional(),
    preferences: PreferencesInputSchema.partial().optional(),
    psychology: z.enum(PSYCHOLOGY_TYPES).nullable().optional(),
    // organisation
    creditCode: CreditCodeSchema.nullable().optional(),
    legalRepresentative: NullableText(60).optional(),
    industry: NullableText(60).optional(),
    size: z.enum(COMPANY_SIZES).nullable().optional(),
    operatingStatus: z.enum(OPERATING_STATUSES).nullable().optional(),
    financialStrength: z.enum(FINANCIAL_STRENGTHS).nullable().optional(),
    productNeeds: NullableText(1000).optional(),
    credit: z
      .object({
        character: CreditScoreInputSchema.partial(),
        capacity: CreditScoreInputSchema.partial(),
        capital: CreditScoreInputSchema.partial(),
        collateral: CreditScoreInputSchema.partial(),
        conditions: CreditScoreInputSchema.partial(),
      })
      .partial()
      .optional(),
    // both
    sourceChannel: NullableText(60).optional(),
  })
  .meta({ id: 'CustomerProfileInput' });
export type ProfileInput = z.infer<typeof ProfileInputSchema>;
export type ProfileInputRaw = z.input<typeof ProfileInputSchema>;
