// OpenAPI paths of the second factor: the second step of a login and the account's own factors, spread into the
// document by api/openapi.ts. Request bodies come from the zod schemas that validate them.
import type { ZodTypeAny } from 'zod';
import { FACTOR_LABEL_MAX, SecondFactorRefusal as Refusal } from '../domain/second-factor';
import {
  addPasskeySchema,
  confirmTotpSchema,
  passkeyOptionsSchema,
  reauthenticationSchema,
  secondStepSchema,
} from './use-cases/second-factor';

type FromZod = (schema: ZodTypeAny) => Record<string, unknown>;

const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
const json = (schema: object) => ({ 'application/json': { schema } });
const bearer = [{ bearer: [] }];
/** The label: at most 60 characters (code points, counted by a zod refinement JSON Schema cannot see), not blank. */
function withLabelMax(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  return {
    ...schema,
    properties: { ...properties, label: { ...properties.label, maxLength: FACTOR_LABEL_MAX, pattern: '\\S' } },
  };
}
const string = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const session = {
  type: 'object',
  required: ['token', 'expiresAt'],
  properties: { token: string, expiresAt: dateTime },
};
const recoveryCodes = {
  type: 'array',
  items: string,
  minItems: 10,
  maxItems: 10,
  description: 'Ten single-use recovery codes (XXXX-XXXX-XXXX-XXXX), shown only in this answer',
};
const added = (what: string) => ({
  description: `${what} added; recoveryCodes only with the account's first factor`,
  content: json({
    type: 'object',
    required: ['factorId'],
    properties: { factorId: { type: 'string', format: 'uuid' }, recoveryCodes },
  }),
});
const tooMany = {
  ...errorResponse(`${Refusal.tooManyAttempts}: 5 checks per account in 15 minutes`),
  headers: { 'Retry-After': { schema: { type: 'integer' } } },
};
const unauthenticated = errorResponse('UNAUTHENTICATED');

/** The answer of POST /api/sessions when the account has a second factor (no session yet). */
export const secondStepAnswer = {
  type: 'object',
  required: ['mfaRequired', 'challenge', 'expiresAt', 'methods'],
  properties: {
    mfaRequired: { const: true },
    challenge: { type: 'string', description: 'For POST /api/sessions/mfa: single use, 5 minutes, this account only' },
    expiresAt: dateTime,
    methods: { type: 'array', items: { enum: ['totp', 'passkey', 'recovery'] } },
  },
};
export const sessionAnswer = session;

export function secondFactorPaths(fromZod: FromZod) {
  return {
    '/api/sessions/mfa': {
      post: {
        summary: 'Second step of a login: a code (authenticator app or recovery code) or a passkey assertion',
        requestBody: { required: true, content: json(fromZod(secondStepSchema)) },
        responses: {
          200: { description: 'Session', content: json(session) },
          400: errorResponse('VALIDATION_FAILED (give either code or passkey)'),
          401: errorResponse(
            `${Refusal.invalidCode} (the challenge stays usable) or ${Refusal.invalidChallenge} (log in again)`,
          ),
          429: tooMany,
        },
      },
    },
    '/api/sessions/mfa/passkey-options': {
      post: {
        summary: 'WebAuthn request options for the second step (give the result to navigator.credentials.get)',
        requestBody: { required: true, content: json(fromZod(passkeyOptionsSchema)) },
        responses: {
          200: {
            description: 'PublicKeyCredentialRequestOptionsJSON',
            content: json({ type: 'object', properties: { options: { type: 'object' } } }),
          },
          401: errorResponse(Refusal.invalidChallenge),
          409: errorResponse(`${Refusal.noFactor}: the account has no passkey`),
        },
      },
    },
    '/api/me/second-factors': {
      get: {
        summary: 'The second factors of the logged-in person',
        security: bearer,
        responses: {
          200: {
            description: 'Factors and recovery codes left',
            content: json({
              type: 'object',
              properties: {
                factors: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      id: { type: 'string', format: 'uuid' },
                      type: { enum: ['TOTP', 'PASSKEY'] },
                      label: string,
                      createdAt: dateTime,
                      lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
                    },
                  },
                },
                recoveryCodesLeft: { type: 'integer' },
              },
            }),
          },
          401: unauthenticated,
        },
      },
    },
    '/api/me/second-factors/totp': {
      post: {
        summary:
          'Start setting up an authenticator app: the secret, its otpauth:// URI and a QR code (15 minutes to confirm)',
        security: bearer,
        responses: {
          201: {
            description: 'Enrolment',
            content: json({
              type: 'object',
              properties: {
                enrolmentId: { type: 'string', format: 'uuid' },
                secret: { type: 'string', description: 'Base32' },
                otpauthUri: string,
                qrCode: { type: 'string', description: 'data:image/svg+xml;base64,…' },
                expiresAt: dateTime,
              },
            }),
          },
          401: unauthenticated,
          409: errorResponse(Refusal.totpExists),
        },
      },
    },
    '/api/me/second-factors/totp/confirm': {
      post: {
        summary: 'Confirm the authenticator app with its first code',
        security: bearer,
        requestBody: { required: true, content: json(withLabelMax(fromZod(confirmTotpSchema))) },
        responses: {
          200: added('Authenticator app'),
          400: errorResponse(`${Refusal.invalidCode} or VALIDATION_FAILED`),
          404: errorResponse(Refusal.invalidEnrolment),
          409: errorResponse(Refusal.totpExists),
          429: tooMany,
        },
      },
    },
    '/api/me/second-factors/passkeys/options': {
      post: {
        summary: 'WebAuthn creation options for a new passkey or security key (5 minutes)',
        security: bearer,
        responses: {
          200: {
            description: 'PublicKeyCredentialCreationOptionsJSON',
            content: json({
              type: 'object',
              properties: { enrolmentId: { type: 'string', format: 'uuid' }, options: { type: 'object' } },
            }),
          },
          401: unauthenticated,
          409: errorResponse(Refusal.tooManyPasskeys),
        },
      },
    },
    '/api/me/second-factors/passkeys': {
      post: {
        summary: 'Add the passkey the browser created (RegistrationResponseJSON)',
        security: bearer,
        requestBody: { required: true, content: json(withLabelMax(fromZod(addPasskeySchema))) },
        responses: {
          201: added('Passkey'),
          400: errorResponse(`${Refusal.invalidCode} (the credential does not verify) or VALIDATION_FAILED`),
          404: errorResponse(Refusal.invalidEnrolment),
        },
      },
    },
    '/api/me/second-factors/recovery-codes': {
      post: {
        summary: 'Ten new recovery codes (the old ones die); needs the password and a code',
        security: bearer,
        requestBody: { required: true, content: json(fromZod(reauthenticationSchema)) },
        responses: {
          200: { description: 'New codes', content: json({ type: 'object', properties: { recoveryCodes } }) },
          401: errorResponse(Refusal.reauthenticationFailed),
          409: errorResponse(Refusal.noFactor),
          429: tooMany,
        },
      },
    },
    '/api/me/second-factors/{id}/remove': {
      post: {
        summary: 'Remove a factor; needs the password and a code (the last factor takes the recovery codes with it)',
        security: bearer,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        requestBody: { required: true, content: json(fromZod(reauthenticationSchema)) },
        responses: {
          200: {
            description: 'Removed',
            content: json({ type: 'object', properties: { removed: string, factorsLeft: { type: 'integer' } } }),
          },
          401: errorResponse(Refusal.reauthenticationFailed),
          404: errorResponse('NOT_FOUND'),
          429: tooMany,
        },
      },
    },
  };
}
