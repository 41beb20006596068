// The OpenAPI document of the HTTP API (served at /api/openapi.json).
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
        Registration: {
          type: 'object',
          properties: {
            registrationId: { type: 'string', format: 'uuid' },
            status: { enum: ['PENDING_VERIFICATION', 'ACTIVE', 'EXPIRED'] },
            expiresAt: { type: 'string', format: 'date-time' },
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
            content: json({
              type: 'object',
              required: ['firstName', 'lastName', 'email', 'confirmEmail', 'emailLanguage', 'privacyStatementAccepted'],
              properties: {
                firstName: { type: 'string', maxLength: 100 },
                lastName: { type: 'string', maxLength: 100 },
                email: { type: 'string', format: 'email' },
                confirmEmail: { type: 'string', format: 'email' },
                emailLanguage: { type: 'string', description: 'ISO 639-1 code of an official EU language' },
                captchaId: { type: 'string', format: 'uuid' },
                captchaAnswer: { type: 'string' },
                privacyStatementAccepted: { type: 'boolean', const: true },
              },
            }),
          },
          responses: {
            202: { description: 'Registration pending verification', content: json({ $ref: '#/components/schemas/Registration' }) },
            400: errorResponse('VALIDATION_FAILED, GENERIC_EMAIL, INVALID_CAPTCHA'),
          },
        },
      },
      '/api/registrations/{id}/resend': {
        post: {
          summary: 'A new link; the old one stops working and the 90 minutes start again',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            202: { description: 'Link re-sent', content: json({ $ref: '#/components/schemas/Registration' }) },
            410: errorResponse('LINK_EXPIRED: the registration expired; register again'),
          },
        },
      },
      '/api/password-setup': {
        post: {
          summary: 'Set the password with the link from the mail; activates the account',
          requestBody: { required: true, content: json({ type: 'object', required: ['token', 'password'], properties: { token: { type: 'string' }, password: { type: 'string' } } }) },
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
          requestBody: { required: true, content: json({ type: 'object', required: ['email', 'password'], properties: { email: { type: 'string' }, password: { type: 'string' } } }) },
          responses: {
            200: { description: 'Session', content: json({ type: 'object', properties: { token: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } } }) },
            401: errorResponse('INVALID_CREDENTIALS'),
            429: errorResponse('TOO_MANY_ATTEMPTS'),
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
    } as Record<string, unknown>,
  };
}
