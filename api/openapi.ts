// The OpenAPI document of the HTTP API (served at /api/openapi.json, readable at /api/docs).
import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { accountPaths } from './openapi-accounts';
import { authorisationPaths } from './openapi-authorisation';
import { secondFactorPaths, secondStepAnswer, sessionAnswer } from './openapi-second-factor';
import { passwordSetupSchema, registrationSchema } from './use-cases/registration';
import { loginSchema } from './use-cases/sessions';

/** A body schema generated from the zod schema that validates the body, so that the two cannot drift apart. */
export function fromZod(schema: ZodTypeAny): Record<string, unknown> {
  const { $schema: _, ...jsonSchema } = zodToJsonSchema(schema, { target: 'jsonSchema2019-09', $refStrategy: 'none' }) as Record<string, unknown>;
  return jsonSchema;
}

const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
const json = (schema: object) => ({ 'application/json': { schema } });
const bearer = [{ bearer: [] }];

export function openApiDocument(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'TRACES onboarding engine',
      version: '0.1.0',
      description: 'Registration, authorisation requests and approvals, run durably on Temporal.',
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
                code: { type: 'string' },
                message: { type: 'string' },
                fields: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
          },
        },
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
    paths: {
      '/health': {
        get: {
          summary: 'Health of the API, the database and Temporal',
          responses: {
            200: { description: 'All parts reachable', content: json({ type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' }, temporal: { type: 'string' } } }) },
            503: { description: 'A part is unreachable' },
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics: HTTP, workflow starts, decisions, mails, Node.js and (workers) the Temporal SDK',
          responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
      ...Object.fromEntries((['encode', 'decode'] as const).map((action) => [`/codec/${action}`, {
        post: {
          summary: `Temporal remote codec: ${action} payloads (Temporal UI, CLI --codec-endpoint); operators only`,
          description: 'Bearer CODEC_AUTH_TOKEN, or the session token of an account with a VALID Commission post.',
          security: bearer,
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/Payloads' }) },
          responses: {
            200: { description: `The ${action}d payloads`, content: json({ $ref: '#/components/schemas/Payloads' }) },
            401: errorResponse('UNAUTHENTICATED'),
            403: errorResponse('NOT_ENTITLED'),
            422: errorResponse('UNDECODABLE_PAYLOAD: encrypted with a key that is not configured'),
          },
        },
      }])),
      '/api/captcha': {
        get: {
          summary: 'A new captcha challenge',
          responses: { 200: { description: 'SVG challenge', content: json({ type: 'object', properties: { captchaId: { type: 'string' }, image: { type: 'string' } } }) } },
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
            202: { description: 'Registration pending verification', content: json({ $ref: '#/components/schemas/Registration' }) },
            400: errorResponse('VALIDATION_FAILED, GENERIC_EMAIL, INVALID_CAPTCHA'),
            429: errorResponse('TOO_MANY_REQUESTS: too many registrations from this client address or for this e-mail (Retry-After)'),
          },
        },
      },
      '/api/password-setup': {
        post: {
          summary: 'Set the password with the link from the mail; activates the account',
          requestBody: { required: true, content: json(fromZod(passwordSetupSchema)) },
          responses: {
            200: { description: 'Account active', content: json({ type: 'object', properties: { accountId: { type: 'string' }, status: { const: 'ACTIVE' } } }) },
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
              description: 'Session, or (account with a second factor) no session yet but the challenge for POST /api/sessions/mfa',
              content: json({ oneOf: [sessionAnswer, secondStepAnswer] }),
            },
            401: errorResponse('INVALID_CREDENTIALS'),
            429: errorResponse('TOO_MANY_ATTEMPTS: too many attempts for this e-mail or from this client address (Retry-After)'),
          },
        },
      },
      '/api/sessions/current': {
        delete: { summary: 'Log out', security: bearer, responses: { 204: { description: 'Logged out' }, 401: errorResponse('UNAUTHENTICATED') } },
      },
      '/api/me': {
        get: { summary: 'The profile of the logged-in person', security: bearer, responses: { 200: { description: 'Profile' }, 401: errorResponse('UNAUTHENTICATED') } },
      },
      '/api/me/preferences': {
        patch: {
          summary: 'Time zone and e-mail notifications',
          security: bearer,
          requestBody: { content: json({ type: 'object', properties: { timeZone: { type: 'string' }, emailNotifications: { type: 'boolean' } } }) },
          responses: { 200: { description: 'Profile' }, 400: errorResponse('VALIDATION_FAILED') },
        },
      },
      ...accountPaths(fromZod),
      ...authorisationPaths(fromZod),
      ...secondFactorPaths(fromZod),
    } as Record<string, unknown>,
  };
}
