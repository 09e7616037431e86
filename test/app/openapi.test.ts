import { describe, expect, it } from 'vitest';
import {
  buildOpenApiDocument,
  toExpressPath,
  toOpenApiPath,
  type DocumentedRoute,
} from '../../services/core/http/openapi.ts';

const info = { title: 'Switchyard admin API', version: '1.2.3', basePath: '/api' };

const getCharger: DocumentedRoute = {
  method: 'get',
  path: '/chargers/{chargerId}',
  operation: { operationId: 'getCharger', summary: 'One charger', responses: { '200': { description: 'The charger' } } },
};

describe('path templates', () => {
  const cases = [
    { given: '/chargers', express: '/chargers' },
    { given: '/chargers/{chargerId}', express: '/chargers/:chargerId' },
    { given: '/routes/{routeId}/targets/{target_id}', express: '/routes/:routeId/targets/:target_id' },
  ];
  it.each(cases)('given $given, then express mounts $express and maps back', ({ given, express }) => {
    expect(toExpressPath(given)).toBe(express);
    expect(toOpenApiPath(express)).toBe(given);
  });
});

describe('buildOpenApiDocument', () => {
  const cases: { given: string; routes: DocumentedRoute[]; then: (document: ReturnType<typeof buildOpenApiDocument>) => void }[] = [
    {
      given: 'no routes',
      routes: [],
      then: (document) => {
        expect(document.openapi).toBe('3.1.0');
        expect(document.info).toEqual({ title: 'Switchyard admin API', version: '1.2.3' });
        expect(document.servers).toEqual([{ url: '/api' }]);
        expect(document.security).toEqual([{ bearerAuth: [] }]);
        expect(document.components.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer' } });
        expect(document.paths).toEqual({});
      },
    },
    {
      given: 'a route with a path parameter it does not describe',
      routes: [getCharger],
      then: (document) => {
        const operation = document.paths['/chargers/{chargerId}']?.get;
        expect(operation?.parameters).toEqual([{ name: 'chargerId', in: 'path', required: true, schema: { type: 'string' } }]);
        expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(['200', '401', '500']);
      },
    },
    {
      given: 'a route that describes its path parameter and overrides a common response',
      routes: [
        {
          ...getCharger,
          operation: {
            ...getCharger.operation,
            parameters: [{ name: 'chargerId', in: 'path', required: true, description: 'OCPP identity', schema: { type: 'string', maxLength: 48 } }],
            responses: { '200': { description: 'The charger' }, '500': { description: 'Store down' } },
          },
        },
      ],
      then: (document) => {
        const operation = document.paths['/chargers/{chargerId}']?.get;
        expect(operation?.parameters).toHaveLength(1);
        expect(operation?.parameters?.[0]?.description).toBe('OCPP identity');
        expect(operation?.responses['500']?.description).toBe('Store down');
      },
    },
    {
      given: 'two methods on one path, registered out of order with another path',
      routes: [
        { method: 'post', path: '/routes', operation: { operationId: 'createRoute', summary: 'Create', responses: { '201': { description: 'Created' } } } },
        getCharger,
        { method: 'get', path: '/routes', operation: { operationId: 'listRoutes', summary: 'List', responses: { '200': { description: 'Routes' } } } },
      ],
      then: (document) => {
        expect(Object.keys(document.paths)).toEqual(['/chargers/{chargerId}', '/routes']);
        expect(Object.keys(document.paths['/routes'] ?? {}).sort()).toEqual(['get', 'post']);
      },
    },
  ];

  it.each(cases)('given $given, then the document describes it', ({ routes, then }) => {
    then(buildOpenApiDocument(info, routes));
  });
});
