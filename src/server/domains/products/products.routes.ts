import { z } from 'zod';
import { IdParamsSchema } from '../../../shared/common.ts';
import { EventListQuerySchema, EventListSchema } from '../../../shared/events.ts';
import {
  CreateProductBodySchema,
  CreateProductCategoryBodySchema,
  ProductCategoryListSchema,
  ProductCategorySchema,
  ProductListQuerySchema,
  ProductListSchema,
  ProductSchema,
  UpdateProductBodySchema,
  UpdateProductCategoryBodySchema,
} from '../../../shared/products.ts';
import { actorOf } from '../../http/authenticate.ts';
import { AppError } from '../../http/errors.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import { type Actor, authorize } from '../auth/actor.ts';
import { listEntityEventsFor } from '../events/events.service.ts';
import * as products from './products.service.ts';

const tags = ['products'];

/** The catalogue is read by whoever works with orders, and by those who manage it. */
function authorizeCatalogueRead(actor: Actor) {
  if (!actor.role.permissions.includes('orders.read') && !actor.role.permissions.includes('products.manage')) {
    throw new AppError('forbidden', `Your role (${actor.role.key}) lacks the permission orders.read or products.manage`);
  }
}

export function productRoutes(app: App, { db }: AppContext) {
  app.get('/api/product-categories', {
    schema: {
      tags,
      operationId: 'listProductCategories',
      summary: 'List product categories',
      response: { 200: ProductCategoryListSchema, ...problemResponses(401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorizeCatalogueRead(actor);
      return products.listCategories(db, actor);
    },
  });

  app.post('/api/product-categories', {
    schema: {
      tags,
      operationId: 'createProductCategory',
      summary: 'Create a product category',
      body: CreateProductCategoryBodySchema,
      response: { 201: ProductCategorySchema, ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'products.manage');
      const created = await db.transaction().execute((tx) => products.createCategory(tx, actor, request.body));
      return reply.status(201).send(created);
    },
  });

  app.patch('/api/product-categories/:id', {
    schema: {
      tags,
      operationId: 'updateProductCategory',
      summary: 'Rename a product category or move it under another',
      params: IdParamsSchema,
      body: UpdateProductCategoryBodySchema,
      response: { 200: ProductCategorySchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'products.manage');
      return db.transaction().execute((tx) => products.updateCategory(tx, actor, request.params.id, request.body));
    },
  });

  app.delete('/api/product-categories/:id', {
    schema: {
      tags,
      operationId: 'deleteProductCategory',
      summary: 'Delete an empty product category',
      description: 'A category that still has sub-categories or products (deleted ones included) gets 409.',
      params: IdParamsSchema,
      response: { 204: z.undefined(), ...problemResponses(401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'products.manage');
      await db.transaction().execute((tx) => products.deleteCategory(tx, actor, request.params.id));
      return reply.status(204).send();
    },
  });

  app.get('/api/products', {
    schema: {
      tags,
      operationId: 'listProducts',
      summary: 'List and search the product catalogue',
      description: 'Cursor-paginated. `q` matches part of the name or the SKU.',
      querystring: ProductListQuerySchema,
      response: { 200: ProductListSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorizeCatalogueRead(actor);
      return products.listProducts(db, actor, request.query);
    },
  });

  app.post('/api/products', {
    schema: {
      tags,
      operationId: 'createProduct',
      summary: 'Create a product',
      description: 'The price is in minor units: {"amount": 129900, "currency": "CNY"} is ¥1,299.00. A SKU already used in the workspace gets 409.',
      body: CreateProductBodySchema,
      response: { 201: ProductSchema, ...problemResponses(400, 401, 403, 409) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'products.manage');
      const created = await db.transaction().execute((tx) => products.createProduct(tx, actor, request.body));
      return reply.status(201).send(created);
    },
  });

  app.get('/api/products/:id', {
    schema: {
      tags,
      operationId: 'getProduct',
      summary: 'Get one product',
      params: IdParamsSchema,
      response: { 200: ProductSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorizeCatalogueRead(actor);
      return products.getProduct(db, actor, request.params.id);
    },
  });

  app.patch('/api/products/:id', {
    schema: {
      tags,
      operationId: 'updateProduct',
      summary: 'Update a product',
      description: 'Send the `version` you read; a stale version gets 409 with the current product.',
      params: IdParamsSchema,
      body: UpdateProductBodySchema,
      response: { 200: ProductSchema, ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'products.manage');
      return db.transaction().execute((tx) => products.updateProduct(tx, actor, request.params.id, request.body));
    },
  });

  app.delete('/api/products/:id', {
    schema: {
      tags,
      operationId: 'deleteProduct',
      summary: 'Delete a product (soft; restorable)',
      params: IdParamsSchema,
      response: { 204: z.undefined(), ...problemResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'products.manage');
      await db.transaction().execute((tx) => products.deleteProduct(tx, actor, request.params.id));
      return reply.status(204).send();
    },
  });

  app.post('/api/products/:id/restore', {
    schema: {
      tags,
      operationId: 'restoreProduct',
      summary: 'Restore a deleted product',
      params: IdParamsSchema,
      response: { 200: ProductSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'products.manage');
      return db.transaction().execute((tx) => products.restoreProduct(tx, actor, request.params.id));
    },
  });

  app.get('/api/products/:id/events', {
    schema: {
      tags,
      operationId: 'listProductEvents',
      summary: "A product's change history, newest first",
      params: IdParamsSchema,
      querystring: EventListQuerySchema,
      response: { 200: EventListSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      authorizeCatalogueRead(actor);
      await products.getProduct(db, actor, request.params.id);
      return listEntityEventsFor(db, actor, 'product', request.params.id, request.query);
    },
  });
}
