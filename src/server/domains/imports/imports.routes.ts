import { Readable } from 'node:stream';
import { z } from 'zod';
import { IdParamsSchema } from '../../../shared/common.ts';
import {
  ImportListSchema,
  ImportPreviewSchema,
  ImportSchema,
  ImportSettingsBodySchema,
  ImportUploadQuerySchema,
} from '../../../shared/imports.ts';
import { actorOf } from '../../http/authenticate.ts';
import { AppError } from '../../http/errors.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { authorize } from '../auth/actor.ts';
import { MAX_UPLOAD_BYTES } from './import-file.ts';
import * as imports from './imports.service.ts';

const tags = ['imports'];

/** File bodies are taken as a stream and written to disk by the service, never buffered. */
const FILE_TYPES = [
  'application/octet-stream',
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

export async function importRoutes(app: App, { db, jobs }: AppContext) {
  // Encapsulated, so the stream parser applies to these routes only.
  await app.register(async (scope) => {
    const typed = scope as unknown as App;
    typed.addContentTypeParser(FILE_TYPES, (_request, payload, done) => done(null, payload));

    typed.post('/api/imports', {
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags,
        operationId: 'uploadImport',
        summary: 'Upload a file to import (CSV or XLSX, sent as the raw request body)',
        description:
          'Send the file itself as the body (Content-Type text/csv, application/octet-stream or the XLSX type) with `kind` and `fileName` in the query. CSV may be UTF-8 (with or without BOM) or GBK/GB18030 (detected). Answers with the header row and a suggested mapping; then preview and start.',
        querystring: ImportUploadQuerySchema,
        consumes: FILE_TYPES,
        response: { 201: ImportSchema, ...problemResponses(400, 401, 403) },
      },
      handler: async (request, reply) => {
        const actor = actorOf(request);
        if (!request.body || typeof (request.body as Readable).pipe !== 'function') {
          throw new AppError('unsupported_media_type', `Send the file as the request body with one of: ${FILE_TYPES.join(', ')}`);
        }
        const created = await imports.uploadImport(db, actor, request.query, request.body as Readable);
        return reply.status(201).send(created);
      },
    });
  });

  app.get('/api/imports', {
    schema: {
      tags,
      operationId: 'listImports',
      summary: 'Recent imports, newest first (your own; every import for roles that see all records)',
      response: { 200: ImportListSchema, ...problemResponses(401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return imports.listImports(db, actor);
    },
  });

  app.get('/api/imports/:id', {
    schema: {
      tags,
      operationId: 'getImport',
      summary: 'One import with its progress (rowsDone of totalRows)',
      params: IdParamsSchema,
      response: { 200: ImportSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      return imports.getImport(db, actor, request.params.id);
    },
  });

  app.post('/api/imports/:id/preview', {
    schema: {
      tags,
      operationId: 'previewImport',
      summary: 'The first 20 rows as they would be stored, with per-row errors and duplicates',
      params: IdParamsSchema,
      body: ImportSettingsBodySchema,
      response: { 200: ImportPreviewSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      return imports.previewImport(db, actor, request.params.id, request.body);
    },
  });

  app.post('/api/imports/:id/start', {
    schema: {
      tags,
      operationId: 'startImport',
      summary: 'Start the import with a mapping and a duplicate policy (runs in the background)',
      params: IdParamsSchema,
      body: ImportSettingsBodySchema,
      response: { 202: ImportSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const started = await db.transaction().execute((tx) => imports.startImport(tx, jobs, actor, request.params.id, request.body));
      return reply.status(202).send(started);
    },
  });

  app.post('/api/imports/:id/undo', {
    schema: {
      tags,
      operationId: 'undoImport',
      summary: 'Undo a finished import as a whole',
      description: 'Deletes (restorably) the customers it created or removes the orders it created, and gives records it updated their previous values.',
      params: IdParamsSchema,
      response: { 200: ImportSchema, ...problemResponses(401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      return db.transaction().execute((tx) => imports.undoImport(tx, actor, request.params.id));
    },
  });

  app.get('/api/imports/:id/errors.csv', {
    schema: {
      tags,
      operationId: 'downloadImportErrors',
      summary: 'The error file: every bad or skipped row with column and reason (CSV)',
      params: IdParamsSchema,
      produces: ['text/csv'],
      response: { 200: z.string().describe('CSV, UTF-8 with BOM'), ...problemResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'customers.read');
      const lines = imports.errorFileLines(db, actor, request.params.id);
      const first = await lines.next();
      async function* all() {
        if (!first.done) yield first.value;
        yield* lines;
      }
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="import-${request.params.id}-errors.csv"`);
      // A stream is sent as it is (no serialisation), so the file never sits in memory whole.
      return reply.send(Readable.from(all()) as unknown as string);
    },
  });
}
