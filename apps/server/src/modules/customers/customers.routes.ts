import { z } from 'zod';
import type { AppInstance } from '../../http/http-types.js';
import type { Services } from '../../services.js';
import { requireAccess } from '../auth/permissions.js';
import { ZCreateCustomerRequest, ZCustomer, ZListCustomersQuery, ZReplaceCustomerRequest, ZUpdateCustomerRequest } from './customers.schema.js';

const ZCustomerParams = z.object({ customerId: z.uuid() });

export function registerCustomerRoutes(app: AppInstance, services: Services): void {
  app.get(
    '/api/v1/customers',
    { schema: { tags: ['customers'], summary: 'Customers, newest first, with filters', querystring: ZListCustomersQuery, response: { 200: z.object({ data: z.array(ZCustomer), nextCursor: z.string().nullable() }) } }, config: { permission: 'customers.read' } },
    async (request) => services.customers.list(requireAccess(request.actor, 'customers.read'), request.query),
  );

  app.post(
    '/api/v1/customers',
    { schema: { tags: ['customers'], summary: 'Create a customer', body: ZCreateCustomerRequest, response: { 201: ZCustomer } }, config: { permission: 'customers.write' } },
    async (request, reply) => reply.status(201).send(await services.customers.create(requireAccess(request.actor, 'customers.write'), request.body)),
  );

  app.get(
    '/api/v1/customers/:customerId',
    { schema: { tags: ['customers'], summary: 'One customer', params: ZCustomerParams, response: { 200: ZCustomer } }, config: { permission: 'customers.read' } },
    async (request) => services.customers.get(requireAccess(request.actor, 'customers.read'), request.params.customerId),
  );

  app.patch(
    '/api/v1/customers/:customerId',
    { schema: { tags: ['customers'], summary: 'Change some fields of a customer', params: ZCustomerParams, body: ZUpdateCustomerRequest, response: { 200: ZCustomer } }, config: { permission: 'customers.write' } },
    async (request) => services.customers.update(requireAccess(request.actor, 'customers.write'), request.params.customerId, request.body),
  );

  app.put(
    '/api/v1/customers/:customerId',
    { schema: { tags: ['customers'], summary: 'Replace a customer (fields left out return to their defaults)', params: ZCustomerParams, body: ZReplaceCustomerRequest, response: { 200: ZCustomer } }, config: { permission: 'customers.write' } },
    async (request) => services.customers.update(requireAccess(request.actor, 'customers.write'), request.params.customerId, request.body, true),
  );
}
