import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { FieldIssue } from '../../shared/common.ts';
import { AppError } from './errors.ts';

const FASTIFY_CODES: Record<string, AppError['code']> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_request',
};

function fieldIssues(error: FastifyError & { validation: unknown[] }, context: string | undefined): FieldIssue[] {
  return (error.validation as Array<{ instancePath: string; keyword: string; message?: string; params?: Record<string, unknown> }>).map(
    (issue) => {
      const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const custom = (issue.params?.params as { code?: string } | undefined)?.code;
      return {
        path: path || (context === 'body' ? '' : (context ?? '')),
        code: custom ?? issue.keyword,
        message: issue.message ?? 'Invalid value',
      };
    },
  );
}

// A unique index that a concurrent request got to first (the services check these
// fields before inserting, but two requests can pass the check together).
const UNIQUE_FIELDS: Record<string, FieldIssue> = {
  users_email_key: { path: 'email', code: 'email_taken', message: 'A user with this e-mail already exists' },
  users_workspace_id_email_key: { path: 'email', code: 'email_taken', message: 'A user with this e-mail already exists' },
  teams_workspace_id_name_key: { path: 'name', code: 'name_taken', message: 'A team with this name already exists' },
  products_workspace_id_sku_key: { path: 'sku', code: 'sku_taken', message: 'A product with this SKU already exists' },
  orders_workspace_id_order_no_key: { path: 'orderNo', code: 'order_no_taken', message: 'An order with this number already exists' },
  product_categories_workspace_id_name_key: { path: 'name', code: 'name_taken', message: 'A category with this name already exists' },
};

/** Every error leaves as RFC 9457 application/problem+json. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let appError: AppError;
    if (error instanceof AppError) {
      appError = error;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = fieldIssues(error, error.validationContext);
      appError = new AppError('validation_failed', errors.map((issue) => `${issue.path || '(body)'}: ${issue.message}`).join('; '), {
        errors,
      });
    } else if (error.code === '23505') {
      const issue = UNIQUE_FIELDS[(error as { constraint?: string }).constraint ?? ''];
      appError = new AppError('conflict', issue?.message, issue ? { errors: [issue] } : {});
    } else if (error.code && FASTIFY_CODES[error.code]) {
      appError = new AppError(FASTIFY_CODES[error.code]!, error.message);
    } else if (error.statusCode === 429) {
      appError = new AppError('rate_limited');
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      appError = new AppError('malformed_request', error.message);
    } else {
      request.log.error({ err: error }, 'unhandled error');
      appError = new AppError('internal');
    }
    if (appError.status >= 500 && error instanceof AppError) request.log.error({ err: error }, 'server error');
    return reply.status(appError.status).type('application/problem+json').send(appError.toProblem(request.url.split('?')[0]));
  });
}
