import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Customer, CustomerListQuery } from '../../../shared/customers.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleCustomerIds } from '../customers/customers.repository.ts';
import { exportVisibleCustomers, getCustomer } from '../customers/customers.service.ts';
import { toVCard } from './vcard.ts';

const KIND_LABELS: Record<string, string> = { person: '个人', organization: '企业' };
const STATUS_LABELS: Record<string, string> = { potential: '潜在客户', current: '现实客户', lost: '流失客户', non_customer: '非客户' };

/**
 * The exported columns. The headers are the ones the importer recognises, so an
 * exported file can be edited and imported again (update policy).
 */
const COLUMNS: Array<{ header: string; width: number; value: (c: Customer) => string }> = [
  { header: '名称', width: 24, value: (c) => c.name },
  { header: '类型', width: 8, value: (c) => KIND_LABELS[c.kind] ?? c.kind },
  { header: '电话', width: 28, value: (c) => c.phones.join('; ') },
  { header: '邮箱', width: 30, value: (c) => c.emails.join('; ') },
  { header: '城市', width: 10, value: (c) => c.city ?? '' },
  { header: '地址', width: 36, value: (c) => c.address ?? '' },
  { header: '标签', width: 20, value: (c) => c.tags.join('; ') },
  { header: '状态', width: 10, value: (c) => STATUS_LABELS[c.status] ?? c.status },
  { header: '负责人', width: 10, value: (c) => c.owner?.name ?? '' },
  { header: '创建时间', width: 20, value: (c) => c.createdAt },
  { header: '更新时间', width: 20, value: (c) => c.updatedAt },
  { header: '客户编号', width: 38, value: (c) => c.id },
];

export type ExportFilter = Omit<CustomerListQuery, 'limit' | 'cursor'>;

function csvCell(text: string): string {
  // A leading = + - @ would run as a formula in Excel (CSV injection): quote it as text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * CSV for Excel: UTF-8 with a BOM (so Chinese shows correctly), CRLF lines.
 * Streams page by page through the list's own query (scope, filters, sort,
 * masking): no row cap, one page in memory at a time.
 */
export async function* customersCsv(db: DbOrTx, actor: Actor, filter: ExportFilter): AsyncGenerator<string> {
  yield `\uFEFF${COLUMNS.map((column) => column.header).join(',')}\r\n`;
  for await (const page of exportVisibleCustomers(db, actor, filter)) {
    yield page.map((customer) => COLUMNS.map((column) => csvCell(column.value(customer))).join(',') + '\r\n').join('');
  }
}

/** XLSX written as it is read (exceljs streaming writer, no shared strings), waiting whenever the client is slower. */
export function customersXlsx(db: DbOrTx, actor: Actor, filter: ExportFilter): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('客户');
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  void (async () => {
    try {
      for await (const page of exportVisibleCustomers(db, actor, filter)) {
        for (const customer of page) sheet.addRow(COLUMNS.map((column) => column.value(customer))).commit();
        if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

/** One customer as a vCard 4.0, as the actor may see it (masked fields stay masked). */
export async function customerVCard(db: DbOrTx, actor: Actor, id: string): Promise<{ name: string; card: string }> {
  const customer = await getCustomer(db, actor, id);
  const organizations =
    customer.kind === 'person'
      ? await db
          .selectFrom('customer_contacts')
          .innerJoin('customers as org', (join) =>
            join.onRef('org.workspace_id', '=', 'customer_contacts.workspace_id').onRef('org.id', '=', 'customer_contacts.organization_id'),
          )
          .select('org.name')
          .where('customer_contacts.workspace_id', '=', actor.workspaceId)
          .where('customer_contacts.person_id', '=', id)
          .where('org.deleted_at', 'is', null)
          .where('org.id', 'in', visibleCustomerIds(db, actor))
          .orderBy('customer_contacts.is_primary', 'desc')
          .orderBy('org.name')
          .execute()
      : [];
  return {
    name: customer.name,
    card: toVCard({
      id: customer.id,
      kind: customer.kind,
      name: customer.name,
      phones: customer.phones,
      emails: customer.emails,
      city: customer.city,
      address: customer.address,
      organizations: organizations.map((org) => org.name),
      updatedAt: customer.updatedAt,
    }),
  };
}
