import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.ts';

export const IMPORT_KINDS = ['customers', 'orders'] as const;
export const ImportKindSchema = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof ImportKindSchema>;

/** What happens to a row that matches an existing customer (same phone or e-mail; same name and city when it has neither) or an earlier row. */
export const IMPORT_POLICIES = ['skip', 'update', 'create'] as const;
export const ImportPolicySchema = z.enum(IMPORT_POLICIES);
export type ImportPolicy = z.infer<typeof ImportPolicySchema>;

export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'completed', 'failed', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** The fields a column can be imported into, per kind; `required` ones must be mapped. */
export const IMPORT_FIELDS = {
  customers: ['name', 'kind', 'phones', 'emails', 'city', 'address', 'tags', 'status', 'owner', 'creditCode'],
  orders: ['orderNo', 'customerPhone', 'customerEmail', 'customerName', 'orderedAt', 'amount', 'currency', 'channel', 'status', 'lines', 'note'],
} as const satisfies Record<ImportKind, readonly string[]>;
export type CustomerImportField = (typeof IMPORT_FIELDS.customers)[number];
export type OrderImportField = (typeof IMPORT_FIELDS.orders)[number];
export type ImportField = CustomerImportField | OrderImportField;
export const REQUIRED_IMPORT_FIELDS: Record<ImportKind, readonly ImportField[]> = {
  customers: ['name'],
  orders: ['orderNo', 'orderedAt'],
};

/** Header spellings (lower-case, without spaces, brackets or punctuation) that suggest a field. */
const HEADER_ALIASES: Record<ImportKind, Record<string, readonly string[]>> = {
  customers: {
    name: ['姓名', '名称', '客户名称', '客户姓名', '客户', '客户名', '名字', '联系人', '企业名称', '公司名称', 'name', 'fullname', 'customer', 'customername'],
    kind: ['类型', '客户类型', '类别', 'kind', 'type', 'customertype'],
    phones: ['手机', '手机号', '手机号码', '电话', '电话号码', '联系电话', '移动电话', '座机', 'phone', 'phones', 'mobile', 'tel', 'telephone', 'cellphone'],
    emails: ['邮箱', '电子邮件', '电子邮箱', '邮件', 'email', 'emails', 'e-mail', 'mail'],
    city: ['城市', '所在城市', '市', 'city'],
    address: ['地址', '详细地址', '联系地址', '通讯地址', 'address', 'street'],
    tags: ['标签', 'tags', 'tag', 'labels'],
    status: ['状态', '客户状态', 'status'],
    owner: ['负责人', '客户经理', '归属人', '销售', 'owner', 'accountmanager', 'manager'],
    creditCode: ['统一社会信用代码', '信用代码', '社会信用代码', 'creditcode', 'uscc', 'unifiedsocialcreditcode'],
  },
  orders: {
    orderNo: ['订单号', '订单编号', '单号', 'orderno', 'ordernumber', 'order', 'orderid'],
    customerPhone: ['手机', '手机号', '电话', '客户电话', '客户手机', 'phone', 'mobile', 'customerphone'],
    customerEmail: ['邮箱', '客户邮箱', '电子邮件', 'email', 'customeremail'],
    customerName: ['客户', '客户名称', '姓名', '客户姓名', 'customer', 'customername', 'name'],
    orderedAt: ['日期', '下单日期', '订单日期', '下单时间', '时间', 'date', 'orderdate', 'orderedat'],
    amount: ['金额', '订单金额', '总金额', '实付金额', 'amount', 'total', 'totalamount'],
    currency: ['币种', '货币', 'currency'],
    channel: ['渠道', '销售渠道', '来源', 'channel'],
    status: ['状态', '订单状态', 'status'],
    lines: ['商品', '明细', '订单明细', '产品', 'lines', 'items', 'products'],
    note: ['备注', '说明', 'note', 'notes', 'remark', 'comment'],
  },
};

const normalizeHeader = (header: string) => header.trim().toLowerCase().replace(/[\s_\-()（）:：*]/g, '');

/**
 * The field each header most likely holds (姓名 → name, 手机号 → phones, E-mail → emails…);
 * headers it cannot place map to null. Each field is suggested for one header at most.
 *
 * @example suggestMapping('customers', ['姓名', '手机', '备注']) // { 姓名: 'name', 手机: 'phones', 备注: null }
 */
export function suggestMapping(kind: ImportKind, headers: readonly string[]): Record<string, ImportField | null> {
  const aliases = HEADER_ALIASES[kind];
  const taken = new Set<string>();
  const mapping: Record<string, ImportField | null> = {};
  for (const header of headers) {
    const key = normalizeHeader(header);
    const field = Object.keys(aliases).find((candidate) => !taken.has(candidate) && (aliases[candidate]!.includes(key) || candidate.toLowerCase() === key));
    mapping[header] = (field as ImportField | undefined) ?? null;
    if (field) taken.add(field);
  }
  return mapping;
}

export const ImportMappingSchema = z
  .record(z.string().max(200), z.string().max(40).nullable())
  .meta({ description: 'file header → field (null or absent: not imported)' });
export type ImportMapping = z.infer<typeof ImportMappingSchema>;

export const ImportUploadQuerySchema = z.object({
  kind: ImportKindSchema,
  fileName: z.string().trim().min(1).max(255),
});

export const ImportSettingsBodySchema = z.object({
  mapping: ImportMappingSchema,
  policy: ImportPolicySchema.default('skip'),
});
export type ImportSettingsBody = z.infer<typeof ImportSettingsBodySchema>;

export const ImportSchema = z
  .object({
    id: IdSchema,
    kind: ImportKindSchema,
    fileName: z.string(),
    fileFormat: z.enum(['csv', 'xlsx']),
    encoding: z.string().nullable(),
    fileSize: z.int(),
    headers: z.array(z.string()),
    mapping: ImportMappingSchema,
    policy: ImportPolicySchema,
    status: z.enum(IMPORT_STATUSES),
    totalRows: z.int().nullable(),
    rowsDone: z.int(),
    createdCount: z.int(),
    updatedCount: z.int(),
    skippedCount: z.int(),
    errorCount: z.int(),
    failure: z.string().nullable(),
    createdBy: z.object({ id: IdSchema, name: z.string() }).nullable(),
    createdAt: TimestampSchema,
    startedAt: TimestampSchema.nullable(),
    finishedAt: TimestampSchema.nullable(),
    undoneAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'Import' });
export type Import = z.infer<typeof ImportSchema>;

export const ImportListSchema = z.object({ items: z.array(ImportSchema) }).meta({ id: 'ImportList' });
export type ImportList = z.infer<typeof ImportListSchema>;

export const ImportRowIssueSchema = z.object({ column: z.string().nullable(), reason: z.string() });

export const ImportPreviewRowSchema = z.object({
  rowNo: z.int(),
  action: z.enum(['create', 'update', 'skip', 'error']),
  /** the values as they would be stored (field → value) */
  values: z.record(z.string(), z.unknown()),
  errors: z.array(ImportRowIssueSchema),
  /** the existing record or earlier row this row duplicates */
  duplicateOf: z.object({ id: IdSchema.nullable(), name: z.string(), rowNo: z.int().nullable() }).nullable(),
});
export type ImportPreviewRow = z.infer<typeof ImportPreviewRowSchema>;

export const ImportPreviewSchema = z
  .object({ rows: z.array(ImportPreviewRowSchema), unmappedRequired: z.array(z.string()) })
  .meta({ id: 'ImportPreview' });
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

/** Rows the preview shows. */
export const PREVIEW_ROWS = 20;
