// The OpenAPI document of the HTTP API (served at /api/openapi.json, readable at /api/docs).
import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { FIELD_ERROR_CODES, PASSWORD_PROBLEM_CODES, Refusal } from '../domain/contracts';
import { accountPaths } from './openapi-accounts';
import { authorisationPaths } from './openapi-authorisation';
import { secondFactorPaths, secondStepAnswer, sessionAnswer } from './openapi-second-factor';
import { workQueuePaths } from './openapi-work-queue';
import { passwordSetupSchema, registrationSchema } from './use-cases/registration';
import { loginSchema } from './use-cases/sessions';

// Unicode property escapes (\p{Cc}, \p{Cf}) are valid in ECMAScript but not in the regex dialects of most generators
// and validators: the document spells them out as ranges of the Basic Multilingual Plane.
const propertyRanges = (property: RegExp): string => {
  const ranges: string[] = [];
  let start = -1;
  for (let c = 0; c <= 0x10000; c++) {
    const inside = c < 0x10000 && (c < 0xd800 || c > 0xdfff) && property.test(String.fromCharCode(c));
    if (inside && start < 0) start = c;
    if (!inside && start >= 0) {
      const hex = (n: number) => `\\u${n.toString(16).padStart(4, '0').toUpperCase()}`;
      ranges.push(start === c - 1 ? hex(start) : `${hex(start)}-${hex(c - 1)}`);
      start = -1;
    }
  }
  return ranges.join('');
};
const PROPERTY_ESCAPES: Record<string, string> = {
  '\\p{Cc}': propertyRanges(/\p{Cc}/u),
  '\\p{Cf}': propertyRanges(/\p{Cf}/u),
};

/** A body schema generated from the zod schema that validates the body, so that the two cannot drift apart. */
export function fromZod(schema: ZodTypeAny): Record<string, unknown> {
  const { $schema: _, ...jsonSchema } = zodToJsonSchema(schema, {
    target: 'jsonSchema2019-09',
    $refStrategy: 'none',
  }) as Record<string, unknown>;
  return portablePatterns(jsonSchema) as Record<string, unknown>;
}

function portablePatterns(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(portablePatterns);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === 'pattern' && typeof item === 'string'
        ? item.replace(/\\p\{C[cf]\}/g, (escape) => PROPERTY_ESCAPES[escape] ?? escape)
        : portablePatterns(item),
    ]),
  );
}

const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
const json = (schema: object) => ({ 'application/json': { schema } });
const bearer = [{ bearer: [] }];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * The answers every operation can give whatever it does: 400 for malformed parameters or bodies (and unstorable
 * characters), 401 where a session is needed, 413/415 for bodies, 503 while the database or Temporal is unreachable.
 */
function withCommonResponses(paths: Record<string, unknown>): Record<string, unknown> {
  for (const item of Object.values(paths) as Array<Record<string, Record<string, unknown>>>) {
    for (const method of METHODS.filter((m) => item[m])) {
      const operation = item[method]!;
      const responses = operation.responses as Record<string, unknown>;
      const add = (status: number, description: string) => {
        responses[status] ??= errorResponse(description);
      };
      const hasInput = operation.requestBody !== undefined || (operation.parameters as unknown[] | undefined)?.length;
      if (hasInput) add(400, 'VALIDATION_FAILED: a malformed parameter or body, or a character that cannot be stored');
      if (operation.requestBody !== undefined) {
        add(400, 'VALIDATION_FAILED, INVALID_JSON, INVALID_ENCODING');
        add(413, 'PAYLOAD_TOO_LARGE');
        add(415, 'UNSUPPORTED_MEDIA_TYPE: not application/json, or an unsupported Content-Encoding');
      }
      if (operation.security) add(401, 'UNAUTHENTICATED');
      if (!['/metrics'].includes(Object.keys(paths).find((p) => paths[p] === item) ?? ''))
        add(503, 'SERVICE_UNAVAILABLE: try again shortly');
    }
  }
  return paths;
}

export function openApiDocument(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'TRACES onboarding engine',
      version: '0.1.0',
      description:
        'Registration, authorisation requests and approvals, run durably on Temporal. Every string, in a ' +
        'body, a query or a path, that holds a NUL character or an unpaired UTF-16 surrogate is refused with 400 ' +
        'VALIDATION_FAILED (PostgreSQL cannot store it); an undeclared method on a path answers 405 with Allow.',
    },
    servers: [{ url: publicUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: [...new Set(Object.values(Refusal))] },
                message: { type: 'string', description: 'English, for people reading the answer; UIs show the code.' },
                fields: {
                  type: 'object',
                  description: 'Per field, an English text of its field error (the same keys as fieldErrors).',
                  additionalProperties: { type: 'string' },
                },
                fieldErrors: {
                  type: 'object',
                  description:
                    'Per field (a dotted path, e.g. activities.0.section), why it was refused: a code and its params. ' +
                    'Codes and params: REQUIRED; TOO_SHORT {min}; TOO_LONG {max}; TOO_SMALL {min}; TOO_BIG {max}; ' +
                    'INVALID_TYPE {expected}; INVALID_CHOICE {options}; UNKNOWN_VALUE {value}; ONE_OF {fields}; ' +
                    'WEAK_PASSWORD {problems (PasswordProblem codes), min, max}; WRONG_SECTION {section}; ' +
                    'UNKNOWN_ORGANISATION {id}; WRONG_KIND {name, kind}; OTHER_KIND_HELD {kind, environment}; ' +
                    'the others have none. ' +
                    'Every 400 VALIDATION_FAILED carries it, naming every field that failed.',
                  additionalProperties: { $ref: '#/components/schemas/FieldError' },
                },
                duplicates: {
                  description: 'POSSIBLE_DUPLICATE only: the existing operators the new one looks like, and why',
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['id', 'name', 'because'],
                    properties: {
                      id: { type: 'string', format: 'uuid' },
                      name: { type: 'string' },
                      city: { type: ['string', 'null'] },
                      because: { type: 'string', enum: ['EORI', 'NAME', 'ADDRESS'] },
                    },
                  },
                },
              },
            },
          },
        },
        FieldError: {
          type: 'object',
          required: ['code'],
          properties: {
            code: { type: 'string', enum: [...FIELD_ERROR_CODES] },
            params: {
              type: 'object',
              additionalProperties: {
                oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'array', items: { type: 'string' } }],
              },
            },
          },
        },
        PasswordProblem: { type: 'string', enum: [...PASSWORD_PROBLEM_CODES] },
        Payloads: {
          type: 'object',
          required: ['payloads'],
          properties: {
            payloads: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  metadata: { type: 'object', additionalProperties: { type: 'string', contentEncoding: 'base64' } },
                  data: { type: 'string', contentEncoding: 'base64' },
                },
              },
            },
          },
        },
        Registration: {
          type: 'object',
          description: 'The same for a new, a pending and a registered e-mail: nothing tells them apart.',
          properties: {
            status: { const: 'PENDING_VERIFICATION' },
            expiresAt: { type: 'string', format: 'date-time', description: 'When a link mailed now would expire' },
          },
        },
      },
    },
    paths: withCommonResponses({
      '/health': {
        get: {
          summary: 'Health of the API, the database and Temporal',
          responses: {
            200: {
              description: 'All parts reachable',
              content: json({
                type: 'object',
                properties: { status: { type: 'string' }, database: { type: 'string' }, temporal: { type: 'string' } },
              }),
            },
            503: { description: 'A part is unreachable' },
          },
        },
      },
      '/metrics': {
        get: {
          summary:
            'Prometheus metrics: HTTP, workflow starts, decisions, mails, Node.js and (workers) the Temporal SDK',
          responses: {
            200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } },
          },
        },
      },
      ...Object.fromEntries(
        (['encode', 'decode'] as const).map((action) => [
          `/codec/${action}`,
          {
            post: {
              summary: `Temporal remote codec: ${action} payloads (Temporal UI, CLI --codec-endpoint); operators only`,
              description: 'Bearer CODEC_AUTH_TOKEN, or the session token of an account with a VALID Commission post.',
              security: bearer,
              requestBody: { required: true, content: json({ $ref: '#/components/schemas/Payloads' }) },
              responses: {
                200: {
                  description: `The ${action}d payloads`,
                  content: json({ $ref: '#/components/schemas/Payloads' }),
                },
                401: errorResponse('UNAUTHENTICATED'),
                403: errorResponse('NOT_ENTITLED'),
                422: errorResponse('UNDECODABLE_PAYLOAD: encrypted with a key that is not configured'),
              },
            },
          },
        ]),
      ),
      '/api/captcha': {
        get: {
          summary: 'A new captcha challenge',
          responses: {
            200: {
              description: 'SVG challenge',
              content: json({
                type: 'object',
                properties: { captchaId: { type: 'string' }, image: { type: 'string' } },
              }),
            },
          },
        },
      },
      '/api/registrations': {
        post: {
          summary: 'Create an account: a set-password link valid 90 minutes is mailed',
          requestBody: {
            required: true,
            content: json(fromZod(registrationSchema)),
          },
          responses: {
            202: {
              description: 'Registration pending verification',
              content: json({ $ref: '#/components/schemas/Registration' }),
            },
            400: errorResponse('VALIDATION_FAILED, GENERIC_EMAIL, INVALID_CAPTCHA'),
            429: errorResponse(
              'TOO_MANY_REQUESTS: too many registrations from this client address or for this e-mail (Retry-After)',
            ),
          },
        },
      },
      '/api/password-setup': {
        post: {
          summary: 'Set the password with the link from the mail; activates the account',
          requestBody: { required: true, content: json(fromZod(passwordSetupSchema)) },
          responses: {
            200: {
              description: 'Account active',
              content: json({
                type: 'object',
                properties: { accountId: { type: 'string' }, status: { const: 'ACTIVE' } },
              }),
            },
            400: errorResponse('INVALID_TOKEN'),
            410: errorResponse('LINK_EXPIRED'),
            422: errorResponse('WEAK_PASSWORD'),
          },
        },
      },
      '/api/sessions': {
        post: {
          summary: 'Log in',
          requestBody: { required: true, content: json(fromZod(loginSchema)) },
          responses: {
            200: {
              description:
                'Session, or (account with a second factor) no session yet but the challenge for POST /api/sessions/mfa',
              content: json({ oneOf: [sessionAnswer, secondStepAnswer] }),
            },
            400: errorResponse('VALIDATION_FAILED'),
            401: errorResponse('INVALID_CREDENTIALS'),
            429: errorResponse(
              'TOO_MANY_ATTEMPTS: too many attempts for this e-mail or from this client address (Retry-After)',
            ),
          },
        },
      },
      '/api/sessions/current': {
        delete: {
          summary: 'Log out',
          security: bearer,
          responses: { 204: { description: 'Logged out' }, 401: errorResponse('UNAUTHENTICATED') },
        },
      },
      '/api/me': {
        get: {
          summary: 'The profile of the logged-in person',
          security: bearer,
          responses: { 200: { description: 'Profile' }, 401: errorResponse('UNAUTHENTICATED') },
        },
      },
      '/api/me/preferences': {
        patch: {
          summary: 'Time zone and e-mail notifications',
          security: bearer,
          requestBody: {
            content: json({
              type: 'object',
              additionalProperties: false,
              properties: {
                timeZone: { enum: Intl.supportedValuesOf('timeZone') },
                emailNotifications: { type: 'boolean' },
              },
            }),
          },
          responses: {
            200: { description: 'Profile' },
            400: errorResponse('VALIDATION_FAILED'),
            401: errorResponse('UNAUTHENTICATED'),
          },
        },
      },
      ...accountPaths(fromZod),
      ...authorisationPaths(fromZod),
      ...secondFactorPaths(fromZod),
      ...workQueuePaths(fromZod),
    } as Record<string, unknown>),
  };
}
