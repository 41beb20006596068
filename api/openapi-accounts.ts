// OpenAPI paths of the account routes added beside registration: resend by e-mail, forgotten password, change of
// password and e-mail address (api/account-routes.ts).
import type { ZodTypeAny } from 'zod';
import { emailChangeSchema, emailConfirmSchema, passwordChangeSchema } from './use-cases/account-security';
import { resetConfirmSchema, resetRequestSchema } from './use-cases/password-reset';
import { resendSchema } from './use-cases/registration';

const error = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
const json = (schema: object) => ({ 'application/json': { schema } });
const bearer = [{ bearer: [] }];
const accepted = json({ type: 'object', required: ['status'], properties: { status: { const: 'ACCEPTED' } } });
const limited = (what: string) => ({
  ...errorResponse(`TOO_MANY_REQUESTS: too many ${what} from this client address or for this e-mail (Retry-After)`),
  headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until a new attempt may succeed' } },
});

export function accountPaths(fromZod: (schema: ZodTypeAny) => Record<string, unknown>) {
  return {
    '/api/registrations/resend': {
      post: {
        summary: 'A new set-password link for a pending registration; answered alike for any e-mail',
        description:
          'Pending registrations get a new link (the old one stops working, the window starts again); ' +
          'registered and unknown addresses get nothing. The answer is the same, at once, in all three cases.',
        requestBody: { required: true, content: json(fromZod(resendSchema)) },
        responses: {
          202: { description: 'Accepted', content: accepted },
          400: errorResponse('VALIDATION_FAILED'),
          429: limited('resends'),
        },
      },
    },
    '/api/password-resets': {
      post: {
        summary:
          'Forgotten password: a link to choose a new one (valid PASSWORD_RESET_TTL) is mailed to an account of this e-mail',
        description:
          'Answered 202 whatever the address. At most one reset mail per address per ACCOUNT_MAIL_INTERVAL: ' +
          'within it, the link already sent stays the one to use; after it, a new link replaces the old one.',
        requestBody: { required: true, content: json(fromZod(resetRequestSchema)) },
        responses: {
          202: { description: 'Accepted', content: accepted },
          400: errorResponse('VALIDATION_FAILED'),
          429: limited('reset requests'),
        },
      },
    },
    '/api/password-resets/confirm': {
      post: {
        summary:
          'Set a new password with the reset link: every session of the account ends, its failed logins are forgotten',
        requestBody: { required: true, content: json(fromZod(resetConfirmSchema)) },
        responses: {
          200: {
            description: 'Password set',
            content: json({ type: 'object', properties: { status: { const: 'PASSWORD_SET' } } }),
          },
          400: errorResponse('INVALID_TOKEN (used, replaced or unknown link), VALIDATION_FAILED'),
          410: errorResponse('LINK_EXPIRED'),
          422: errorResponse('WEAK_PASSWORD'),
        },
      },
    },
    '/api/me/password': {
      post: {
        summary: 'Change the password (the current one required); every other session of the account ends',
        security: bearer,
        requestBody: { required: true, content: json(fromZod(passwordChangeSchema)) },
        responses: {
          200: {
            description: 'Changed',
            content: json({ type: 'object', properties: { status: { const: 'PASSWORD_CHANGED' } } }),
          },
          400: errorResponse('VALIDATION_FAILED'),
          401: errorResponse('UNAUTHENTICATED, INVALID_CREDENTIALS (the current password is wrong)'),
          422: errorResponse('WEAK_PASSWORD'),
          429: errorResponse('TOO_MANY_ATTEMPTS'),
        },
      },
    },
    '/api/me/email': {
      post: {
        summary:
          'Change the e-mail address: a link valid EMAIL_CHANGE_TTL goes to the new address, the old one is told',
        description:
          'The same answer whether the new address is free or already has an account (whose owner is then told that nothing changed).',
        security: bearer,
        requestBody: { required: true, content: json(fromZod(emailChangeSchema)) },
        responses: {
          202: {
            description: 'Accepted',
            content: json({
              type: 'object',
              properties: { status: { const: 'ACCEPTED' }, expiresAt: { type: 'string', format: 'date-time' } },
            }),
          },
          400: errorResponse('VALIDATION_FAILED, GENERIC_EMAIL'),
          401: errorResponse('UNAUTHENTICATED, INVALID_CREDENTIALS (the password is wrong)'),
          429: errorResponse('TOO_MANY_ATTEMPTS'),
        },
      },
    },
    '/api/me/email/confirm': {
      post: {
        summary: 'Confirm the new e-mail address with the link mailed to it',
        requestBody: { required: true, content: json(fromZod(emailConfirmSchema)) },
        responses: {
          200: { description: 'Changed', content: json({ type: 'object', properties: { email: { type: 'string' } } }) },
          400: errorResponse('INVALID_TOKEN'),
          409: errorResponse('EMAIL_UNAVAILABLE: an account took the address meanwhile'),
          410: errorResponse('LINK_EXPIRED'),
        },
      },
    },
  };
}
