import { Readable } from 'node:stream';
import { z } from 'zod';
import { IdParamsSchema } from '../../../shared/common.ts';
import { CustomerListQuerySchema } from '../../../shared/customers.ts';
import { actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import { gatherCustomFieldParams } from '../custom-fields/custom-field-query.ts';
import { customerVCard, customersCsv, customersXlsx } from './exports.service.ts';

const tags = ['customers'];

export const CustomerExportQuerySchema = CustomerListQuerySchema.omit({ limit: true, cursor: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
});

/** RFC 6266 filename*: UTF-8, percent-encoded (Chinese file names survive every browser). */
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function exportRoutes(app: App, { db }: AppContext) {
  app.get('/api/customers/export', {
    schema: {
      tags,
      operationId: 'exportCustomers',
      summary: 'Export the filtered customer list as CSV or XLSX (streamed, no row cap)',
      description:
        'Takes the same filters as GET /api/customers (plus `format`). Only customers you may see, with fields masked as your role sees them. CSV is UTF-8 with a BOM, so Excel shows Chinese correctly.',
      querystring: CustomerExportQuerySchema,
      produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.string().describe('The file'), ...problemResponses(400, 401, 403) },
    },
    preValidation: gatherCustomFieldParams,
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      const { format, ...filter } = request.query;
      const stamp = new Date().toISOString().slice(0, 10);
      reply.header('cache-control', 'no-store');
      if (format === 'xlsx') {
        reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        reply.header('content-disposition', attachment(`客户-${stamp}.xlsx`));
        return reply.send(customersXlsx(db, actor, filter) as unknown as string);
      }
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', attachment(`客户-${stamp}.csv`));
      return reply.send(Readable.from(customersCsv(db, actor, filter)) as unknown as string);
    },
  });

  app.get('/api/customers/:id/vcard', {
    schema: {
      tags,
      operationId: 'getCustomerVCard',
      summary: 'One customer as a vCard 4.0 (RFC 6350)',
      params: IdParamsSchema,
      produces: ['text/vcard'],
      response: { 200: z.string().describe('text/vcard'), ...problemResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      const { name, card } = await customerVCard(db, actor, request.params.id);
      reply.header('content-type', 'text/vcard; charset=utf-8');
      reply.header('content-disposition', attachment(`${name}.vcf`));
      return card;
    },
  });
}
