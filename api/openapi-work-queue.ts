// OpenAPI paths of the approvers' work queue (assignment, queue lists, questions and answers) and of organisation
// administrators, spread into the document by api/openapi.ts. Bodies come from the zod schemas that validate them.
import type { ZodTypeAny } from 'zod';
import { ENVIRONMENTS, REQUEST_STATUSES } from '../domain/enums';
import { assigneeBodySchema, textBodySchema } from './use-cases/work-queue';

type FromZod = (schema: ZodTypeAny) => Record<string, unknown>;

const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
const json = (schema: object) => ({ 'application/json': { schema } });
const bearer = [{ bearer: [] }];
const uuid = { type: 'string', format: 'uuid' };
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const environment = {
  name: 'env',
  in: 'path',
  required: true,
  schema: { enum: [...ENVIRONMENTS] },
  description: 'TRACES environment (unknown → 404 UNKNOWN_ENVIRONMENT)',
};
const requestId = { name: 'requestId', in: 'path', required: true, schema: uuid };
const organisationId = { name: 'id', in: 'path', required: true, schema: uuid, description: 'The organisation' };
const person = {
  type: ['object', 'null'],
  properties: { accountId: uuid, firstName: { type: 'string' }, lastName: { type: 'string' } },
};
const question = {
  type: 'object',
  properties: {
    id: uuid,
    text: { type: 'string' },
    askedAt: dateTime,
    answer: { type: ['string', 'null'] },
    answeredAt: nullableDateTime,
  },
};
const queueParameters = [
  {
    name: 'assignee',
    in: 'query',
    required: false,
    schema: { enum: ['me', 'none'] },
    description: 'me: assigned to you; none: unassigned; absent: both and those assigned to colleagues',
  },
  { name: 'status', in: 'query', required: false, schema: { enum: [...REQUEST_STATUSES], default: 'REQUESTED' } },
  { name: 'environment', in: 'query', required: false, schema: { enum: [...ENVIRONMENTS] } },
  {
    name: 'cursor',
    in: 'query',
    required: false,
    schema: { type: 'string', maxLength: 200 },
    description: 'nextCursor of the previous page (opaque); anything else is 400 VALIDATION_FAILED',
  },
  {
    name: 'limit',
    in: 'query',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
  },
];
const member = {
  type: 'object',
  properties: {
    accountId: uuid,
    firstName: { type: 'string' },
    lastName: { type: 'string' },
    email: { type: 'string' },
    requestId: uuid,
    kind: { enum: ['OPERATOR', 'CONTROL_BODY', 'AUTHORITY'] },
    status: { enum: ['VALID', 'SUSPENDED'] },
    since: dateTime,
    isAdministrator: { type: 'boolean' },
  },
};
const rights = (verb: string) => ({
  summary: `${verb} administrator rights of a member (an Update on the member's role workflow, audited)`,
  security: bearer,
  parameters: [
    environment,
    organisationId,
    { name: 'accountId', in: 'path', required: true, schema: uuid, description: 'The member' },
  ],
  responses: {
    200: {
      description: 'The member and whether they are administrator now',
      content: json({ type: 'object', properties: { accountId: uuid, isAdministrator: { type: 'boolean' } } }),
    },
    401: errorResponse('UNAUTHENTICATED'),
    403: errorResponse('NOT_ENTITLED: you do not decide requests to this organisation'),
    404: errorResponse('NOT_FOUND (organisation or member), UNKNOWN_ENVIRONMENT'),
    409: errorResponse(
      'LAST_ADMINISTRATOR (the organisation would have none), INVALID_TRANSITION (the role cannot change now)',
    ),
  },
});

export function workQueuePaths(fromZod: FromZod): Record<string, unknown> {
  const body = (schema: ZodTypeAny, extra: object = {}) => ({
    required: true,
    content: json({ ...fromZod(schema), ...extra }),
  });
  // A text must hold more than spaces (it is trimmed).
  const textBody = body(textBodySchema, { properties: { text: { type: 'string', maxLength: 2000, pattern: '\\S' } } });
  return {
    '/api/approvals': {
      get: {
        summary: 'Your work queue: the requests you may decide, oldest first, keyset-paged, with their assignee',
        security: bearer,
        parameters: queueParameters,
        responses: {
          200: {
            description: 'A page of requests; nextCursor is null on the last page',
            content: json({
              type: 'object',
              required: ['items', 'nextCursor'],
              properties: {
                items: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      id: uuid,
                      environment: { enum: [...ENVIRONMENTS] },
                      type: { enum: ['ATTACH', 'OPERATOR_CREATION'] },
                      status: { enum: [...REQUEST_STATUSES] },
                      organisation: { type: 'object' },
                      applicant: person,
                      assignee: person,
                      questionWaiting: { type: 'boolean' },
                      createdAt: dateTime,
                      expiresAt: nullableDateTime,
                    },
                  },
                },
                nextCursor: { type: ['string', 'null'] },
              },
            }),
          },
          400: errorResponse('VALIDATION_FAILED (a parameter, or a cursor not from this list)'),
          401: errorResponse('UNAUTHENTICATED'),
        },
      },
    },
    '/api/approvals/{requestId}/assignee': {
      post: {
        summary: 'Assign an open request to an approver who may decide it (yourself or a colleague), or unassign it',
        description:
          'Anyone entitled may still decide a request assigned to someone else; the audit trail records who it was ' +
          'assigned to.',
        security: bearer,
        parameters: [requestId],
        requestBody: body(assigneeBodySchema),
        responses: {
          200: {
            description: 'The assignee now',
            content: json({
              type: 'object',
              properties: { requestId: uuid, assigneeAccountId: { type: ['string', 'null'] } },
            }),
          },
          401: errorResponse('UNAUTHENTICATED'),
          403: errorResponse('NOT_ENTITLED: you may not decide this request'),
          404: errorResponse('NOT_FOUND'),
          409: errorResponse('ASSIGNEE_NOT_ENTITLED (the assignee may not decide it), ALREADY_DECIDED'),
        },
      },
    },
    '/api/approvals/{requestId}/questions': {
      post: {
        summary: 'Ask the applicant a question about an open request; the request does not expire while it waits',
        security: bearer,
        parameters: [requestId],
        requestBody: textBody,
        responses: {
          201: { description: 'The question', content: json(question) },
          401: errorResponse('UNAUTHENTICATED'),
          403: errorResponse('NOT_ENTITLED'),
          404: errorResponse('NOT_FOUND'),
          409: errorResponse('QUESTION_WAITING (one question at a time), ALREADY_DECIDED'),
        },
      },
    },
    '/api/environments/{env}/authorisation-requests/{requestId}/answers': {
      post: {
        summary: "Answer the approver's question waiting on your request; its expiry clock runs again",
        security: bearer,
        parameters: [environment, requestId],
        requestBody: textBody,
        responses: {
          201: {
            description: 'The question with its answer, and the new deadline',
            content: json({ ...question, properties: { ...question.properties, expiresAt: nullableDateTime } }),
          },
          401: errorResponse('UNAUTHENTICATED'),
          404: errorResponse('NOT_FOUND (not your request), UNKNOWN_ENVIRONMENT'),
          409: errorResponse('NO_OPEN_QUESTION, ALREADY_DECIDED'),
        },
      },
    },
    '/api/environments/{env}/organisations/{id}/members': {
      get: {
        summary: 'The members of an organisation (VALID and SUSPENDED roles), for those who decide its requests',
        security: bearer,
        parameters: [environment, organisationId],
        responses: {
          200: {
            description: 'The organisation and its members, oldest first',
            content: json({
              type: 'object',
              properties: { organisation: { type: 'object' }, members: { type: 'array', items: member } },
            }),
          },
          401: errorResponse('UNAUTHENTICATED'),
          403: errorResponse('NOT_ENTITLED'),
          404: errorResponse('NOT_FOUND, UNKNOWN_ENVIRONMENT'),
        },
      },
    },
    '/api/environments/{env}/organisations/{id}/administrators/{accountId}': {
      put: rights('Grant'),
      delete: rights('Remove'),
    },
  };
}
