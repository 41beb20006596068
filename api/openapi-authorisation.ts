// OpenAPI paths of reference lists, directory, authorisation requests, operators, roles and approvals,
// spread into the document by api/openapi.ts. Request bodies come from the zod schemas that validate them.
import type { ZodTypeAny } from 'zod';
import { ENVIRONMENTS, REQUEST_STATUSES } from '../domain/enums';
import { decisionBodySchema, roleActionBodySchema } from './use-cases/approvals';
import { authorisationRequestSchema } from './use-cases/authorisation-requests';
import { newOperatorSchema } from './use-cases/operators';
import { REFERENCE_LISTS } from './use-cases/reference';
import { ACTIVITY_TYPES, AUTHORITY_ROLES, COMPETENCES, COUNTRIES, SECTIONS } from '../prisma/seed-data';

type FromZod = (schema: ZodTypeAny) => Record<string, unknown>;

const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
const json = (schema: object) => ({ 'application/json': { schema } });
const bearer = [{ bearer: [] }];
const uuid = { type: 'string', format: 'uuid' };
const status = { enum: [...REQUEST_STATUSES] };

const environment = {
  name: 'env',
  in: 'path',
  required: true,
  schema: { enum: [...ENVIRONMENTS] },
  description: 'TRACES environment; a person registers in each separately (unknown → 404 UNKNOWN_ENVIRONMENT)',
};
const query = (name: string, description: string, extra: object = {}) => ({
  name,
  in: 'query',
  required: false,
  schema: { type: 'string' },
  description,
  ...extra,
});
const paging = [
  {
    name: 'page',
    in: 'query',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 10_000, default: 1 },
    description: 'Page number, from 1 to 10000',
  },
  {
    name: 'pageSize',
    in: 'query',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    description: 'Items per page',
  },
];
// The reference codes a filter may name (the seeded reference lists; an unknown code is 400 VALIDATION_FAILED).
const codes = (list: Array<[string, ...unknown[]]> | Array<{ code: string }>) => ({
  schema: { enum: list.map((item) => (Array.isArray(item) ? item[0] : item.code)) },
});
const textSearch = query(
  'q',
  'Free text, case- and accent-insensitive; every word must match (name, address, EORI, code)',
  { schema: { type: 'string', maxLength: 100 } },
);

const address = {
  street: { type: ['string', 'null'] },
  postcode: { type: ['string', 'null'] },
  city: { type: ['string', 'null'] },
};
const page = (item: object) => ({
  type: 'object',
  required: ['items', 'page', 'pageSize', 'total'],
  properties: {
    items: { type: 'array', items: item },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    total: { type: 'integer' },
  },
});
const entry = (properties: object) => ({
  type: 'object',
  required: ['id', 'name', 'country', 'code'],
  properties: {
    id: uuid,
    name: { type: 'string' },
    country: { type: 'string' },
    code: { type: ['string', 'null'] },
    ...address,
    ...properties,
  },
});
const requestView = {
  type: 'object',
  required: ['id', 'organisationId', 'status', 'workflowId'],
  properties: {
    id: { ...uuid, description: 'The request id; also the id of the role it becomes' },
    organisationId: uuid,
    status,
    workflowId: { type: 'string', description: 'authorisation:<environment>:<accountId>:<organisationId>' },
    creationRequestId: { ...uuid, description: 'For a new operator: the operator-creation request decided first' },
  },
};
const statusAnswer = json({ type: 'object', required: ['status'], properties: { status } });

export function authorisationPaths(fromZod: FromZod): Record<string, unknown> {
  const body = (schema: ZodTypeAny, extra: object = {}) => ({
    required: true,
    content: json({ ...fromZod(schema), ...extra }),
  });
  return {
    '/api/reference/{list}': {
      get: {
        summary: 'A reference list: countries, sections, activity types, authority roles or competences',
        parameters: [{ name: 'list', in: 'path', required: true, schema: { enum: [...REFERENCE_LISTS] } }],
        responses: {
          200: {
            description: '{items: [{code, label}]}; countries add isEu, activity types add section and requiresEori',
            content: json({
              type: 'object',
              properties: {
                items: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['code', 'label'],
                    properties: { code: { type: 'string' }, label: { type: 'string' } },
                  },
                },
              },
            }),
          },
          404: errorResponse('NOT_FOUND: no such list'),
        },
      },
    },
    '/api/environments/{env}/directory/operators': {
      get: {
        summary: 'Search ACTIVE operators of a country',
        security: bearer,
        parameters: [
          environment,
          query('country', 'ISO 3166-1 alpha-2, required', { required: true, ...codes(COUNTRIES) }),
          query('section', 'Section code', codes(SECTIONS)),
          query('activityType', 'Activity type code', codes(ACTIVITY_TYPES)),
          textSearch,
          ...paging,
        ],
        responses: {
          200: {
            description: 'A page of operators',
            content: json(
              page(
                entry({
                  eori: { type: ['string', 'null'] },
                  activities: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        section: { type: 'string' },
                        activityType: { type: 'string' },
                        label: { type: 'string' },
                      },
                    },
                  },
                }),
              ),
            ),
          },
          400: errorResponse('VALIDATION_FAILED: country missing, unknown code, bad paging'),
          401: errorResponse('UNAUTHENTICATED'),
          404: errorResponse('UNKNOWN_ENVIRONMENT'),
        },
      },
    },
    '/api/environments/{env}/directory/authorities': {
      get: {
        summary: 'Search authorities by country, role (BCP, CO, CCA …), competence and name',
        security: bearer,
        parameters: [
          environment,
          query('country', 'ISO 3166-1 alpha-2', codes(COUNTRIES)),
          query('role', 'Authority role code', codes(AUTHORITY_ROLES)),
          query('competence', 'Competence code', codes(COMPETENCES)),
          textSearch,
          ...paging,
        ],
        responses: {
          200: {
            description: 'A page of authorities',
            content: json(
              page(
                entry({
                  role: { type: ['string', 'null'] },
                  competences: { type: 'array', items: { type: 'string' } },
                }),
              ),
            ),
          },
          400: errorResponse('VALIDATION_FAILED'),
          401: errorResponse('UNAUTHENTICATED'),
          404: errorResponse('UNKNOWN_ENVIRONMENT'),
        },
      },
    },
    '/api/environments/{env}/directory/control-bodies': {
      get: {
        summary: 'Search control bodies: one entry per certified country; entries of one body share controlBodyKey',
        description:
          'Tick one entry for one country, or list every entry of a body with controlBodyKey and request them all at once.',
        security: bearer,
        parameters: [
          environment,
          query('country', 'ISO 3166-1 alpha-2', codes(COUNTRIES)),
          query('controlBodyKey', 'Every country entry of this control body', {
            schema: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
          }),
          textSearch,
          ...paging,
        ],
        responses: {
          200: {
            description: 'A page of control-body entries',
            content: json(page(entry({ controlBodyKey: { type: ['string', 'null'] } }))),
          },
          400: errorResponse('VALIDATION_FAILED'),
          401: errorResponse('UNAUTHENTICATED'),
          404: errorResponse('UNKNOWN_ENVIRONMENT'),
        },
      },
    },
    '/api/environments/{env}/authorisation-requests': {
      post: {
        summary: 'Request authorisation for one or more ticked organisations of one kind',
        description:
          'One request and one workflow per organisation. Sending the same request again (another tab, a retry, ' +
          'concurrently) answers the existing request. A person takes one kind of role per environment.',
        security: bearer,
        parameters: [environment],
        requestBody: body(authorisationRequestSchema),
        responses: {
          202: {
            description: 'The requests',
            content: json({ type: 'object', properties: { requests: { type: 'array', items: requestView } } }),
          },
          400: errorResponse('VALIDATION_FAILED (unknown organisation, or not of that kind)'),
          401: errorResponse('UNAUTHENTICATED'),
          404: errorResponse('UNKNOWN_ENVIRONMENT'),
          409: errorResponse(
            'ROLE_KIND_CONFLICT: posts of another kind held or requested; OPERATOR_NOT_ACTIVE: the organisation is not active',
          ),
        },
      },
    },
    '/api/environments/{env}/authorisation-requests/{id}': {
      get: {
        summary: 'A request with its status and history (audit trail); for the applicant and those who may decide it',
        security: bearer,
        parameters: [environment, { name: 'id', in: 'path', required: true, schema: uuid }],
        responses: {
          200: {
            description: 'The request',
            content: json({
              type: 'object',
              properties: {
                id: uuid,
                type: { enum: ['ATTACH', 'OPERATOR_CREATION'] },
                kind: { enum: ['OPERATOR', 'CONTROL_BODY', 'AUTHORITY'] },
                status,
                organisation: { type: 'object' },
                isAdministrator: { type: 'boolean' },
                creationRequestId: { type: ['string', 'null'] },
                reason: { type: ['string', 'null'] },
                expiresAt: { type: ['string', 'null'], format: 'date-time' },
                assignee: {
                  type: ['object', 'null'],
                  properties: { accountId: uuid, firstName: { type: 'string' }, lastName: { type: 'string' } },
                },
                questions: {
                  type: 'array',
                  description: 'Questions of approvers to the applicant, and the answers',
                  items: {
                    type: 'object',
                    properties: {
                      id: uuid,
                      text: { type: 'string' },
                      askedAt: { type: 'string', format: 'date-time' },
                      answer: { type: ['string', 'null'] },
                      answeredAt: { type: ['string', 'null'], format: 'date-time' },
                    },
                  },
                },
                history: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      at: { type: 'string', format: 'date-time' },
                      action: { type: 'string' },
                      actor: { type: 'string' },
                      fromStatus: { type: ['string', 'null'] },
                      toStatus: { type: ['string', 'null'] },
                      reason: { type: ['string', 'null'] },
                      questionId: { ...uuid, description: 'QUESTION_ASKED, QUESTION_ANSWERED: the question' },
                      assigneeAccountId: {
                        type: ['string', 'null'],
                        description: 'REQUEST_ASSIGNED: the new assignee; a decision: the assignee who did not decide',
                      },
                    },
                  },
                },
              },
            }),
          },
          401: errorResponse('UNAUTHENTICATED'),
          404: errorResponse('NOT_FOUND, UNKNOWN_ENVIRONMENT'),
        },
      },
    },
    '/api/environments/{env}/operators': {
      post: {
        summary: 'Create a new operator and request to be attached to it',
        description:
          'Registers the operator-creation request (decided by the national authority of the country, through ' +
          'the decision endpoint with creationRequestId) and the attach request, which can be approved once the operator ' +
          'is ACTIVE and is rejected with it. Give at least one of phone, fax, email, website; eori for organic importers.',
        security: bearer,
        parameters: [environment],
        // Required fields are checked by domain/operator-rules.ts, so that one answer names all missing ones.
        requestBody: body(newOperatorSchema, {
          type: 'object',
          required: ['name', 'country', 'street', 'postcode', 'city', 'activities'],
        }),
        responses: {
          202: {
            description: 'The PENDING operator and the attach request',
            content: json({
              type: 'object',
              properties: {
                operator: {
                  type: 'object',
                  properties: { id: uuid, status: { const: 'PENDING' }, creationRequestId: uuid },
                },
                request: requestView,
              },
            }),
          },
          400: errorResponse(
            'VALIDATION_FAILED: every missing or invalid field named (contact: none of phone, fax, email, website)',
          ),
          401: errorResponse('UNAUTHENTICATED'),
          404: errorResponse('UNKNOWN_ENVIRONMENT'),
          409: errorResponse('POSSIBLE_DUPLICATE (send again with confirmNotDuplicate: true), ROLE_KIND_CONFLICT'),
        },
      },
    },
    '/api/environments/{env}/roles': {
      get: {
        summary:
          'Your roles in the environment with counts per status; live ones (REQUESTED, SUSPENDED, VALID) unless filtered',
        security: bearer,
        parameters: [environment, { name: 'status', in: 'query', required: false, schema: status }],
        responses: {
          200: {
            description: 'Counts and roles',
            content: json({
              type: 'object',
              properties: {
                counts: {
                  type: 'object',
                  properties: {
                    REQUESTED: { type: 'integer' },
                    SUSPENDED: { type: 'integer' },
                    VALID: { type: 'integer' },
                  },
                },
                roles: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      id: uuid,
                      kind: { type: 'string' },
                      status,
                      isAdministrator: { type: 'boolean' },
                      organisation: { type: 'object' },
                      waitingQuestion: {
                        type: ['object', 'null'],
                        description: "An approver's question waiting for your answer",
                        properties: { id: uuid, text: { type: 'string' }, askedAt: { type: 'string' } },
                      },
                    },
                  },
                },
              },
            }),
          },
          400: errorResponse('VALIDATION_FAILED'),
          401: errorResponse('UNAUTHENTICATED'),
          404: errorResponse('UNKNOWN_ENVIRONMENT'),
        },
      },
    },
    '/api/environments/{env}/roles/{id}': {
      delete: {
        summary:
          'Withdraw your open request (WITHDRAWN) or delete a role (DELETED); an entitled approver may delete it too',
        security: bearer,
        parameters: [
          environment,
          { name: 'id', in: 'path', required: true, schema: uuid, description: 'The request id' },
        ],
        responses: {
          200: { description: 'The new status', content: statusAnswer },
          401: errorResponse('UNAUTHENTICATED'),
          403: errorResponse('NOT_ENTITLED'),
          404: errorResponse('NOT_FOUND'),
          409: errorResponse('ALREADY_DECIDED, INVALID_TRANSITION'),
        },
      },
    },
    '/api/approvals/{requestId}/decision': {
      post: {
        summary: 'Approve or reject a request (attach or operator creation); a rejection needs a reason',
        description:
          "Decided by the national authority of the organisation's country or an administrator of the organisation; " +
          "requests to a national authority by the Commission or that authority's administrator. Never one's own request.",
        security: bearer,
        parameters: [{ name: 'requestId', in: 'path', required: true, schema: uuid }],
        // A rejection needs a reason with some text in it.
        requestBody: body(decisionBodySchema, {
          if: { properties: { decision: { const: 'REJECT' } }, required: ['decision'] },
          then: { required: ['reason'], properties: { reason: { type: 'string', pattern: '\\S' } } },
        }),
        responses: {
          200: { description: 'The new status', content: statusAnswer },
          400: errorResponse('VALIDATION_FAILED (reason required to reject)'),
          401: errorResponse('UNAUTHENTICATED'),
          403: errorResponse('NOT_ENTITLED'),
          404: errorResponse('NOT_FOUND'),
          409: errorResponse('ALREADY_DECIDED, OPERATOR_NOT_ACTIVE'),
        },
      },
    },
    '/api/approvals/{requestId}/role-action': {
      post: {
        summary: 'Suspend, reactivate or delete a role (VALID ⇄ SUSPENDED, → DELETED), as an entitled approver',
        security: bearer,
        parameters: [{ name: 'requestId', in: 'path', required: true, schema: uuid }],
        requestBody: body(roleActionBodySchema),
        responses: {
          200: { description: 'The new status', content: statusAnswer },
          400: errorResponse('VALIDATION_FAILED'),
          401: errorResponse('UNAUTHENTICATED'),
          403: errorResponse('NOT_ENTITLED'),
          404: errorResponse('NOT_FOUND'),
          409: errorResponse('INVALID_TRANSITION'),
        },
      },
    },
  };
}
