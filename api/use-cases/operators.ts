// "Create a new operator": the form is checked here, a likely duplicate must be
// confirmed, then the attach request's workflow creates the PENDING operator and runs its creation as a child.
import { FieldCode } from '../../domain/contracts';
import crypto from 'node:crypto';
import { z } from 'zod';
import { isWellFormedEmail } from '../../domain/email-rules';
import type { Environment } from '../../domain/enums';
import { likelyDuplicates, operatorProblems, type NewOperatorFields } from '../../domain/operator-rules';
import type { Db } from '../../lib/db';
import { ApiError, validationError, type FieldErrors } from '../errors';
import { contactFields, type AuthorisationRequestUseCases } from './authorisation-requests';
import { duplicateCandidates } from './operator-duplicates';

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = (max: number) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(max)
      .regex(/^[^\p{Cc}\p{Cf}]*$/u, FieldCode.notAllowedCharacters)
      .optional(),
  );
const phone = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()./-]{3,28}[0-9]$/, FieldCode.invalidPhone)
    .optional(),
);

export const newOperatorSchema = z
  .object({
    name: optionalText(200),
    country: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{2}$/, FieldCode.invalidCountry)
        .optional(),
    ),
    street: optionalText(200),
    postcode: optionalText(20),
    city: optionalText(100),
    activities: z
      .array(
        z
          .object({
            section: z.string().trim().min(1).max(50),
            activityType: z.string().trim().min(1).max(50),
          })
          .strict(),
      )
      .max(20)
      .optional(),
    phone,
    fax: phone,
    email: z.preprocess(
      emptyToUndefined,
      z.string().trim().max(254).refine(isWellFormedEmail, FieldCode.invalidEmail).optional(),
    ),
    website: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .max(200)
        .regex(/^(https?:\/\/)?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(:\d+)?(\/\S*)?$/iu, FieldCode.invalidWebsite)
        .optional(),
    ),
    eori: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9 .-]{5,20}$/, FieldCode.invalidEori)
        .optional(),
    ),
    ...contactFields,
    confirmNotDuplicate: z.boolean().optional(),
  })
  .strict();

/** The required-field problems of whatever strings the body carries, so that one answer names every missing field. */
function requiredProblems(body: unknown, eoriTypes: ReadonlySet<string>): FieldErrors {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  const activities = Array.isArray(raw.activities)
    ? raw.activities.map((a: { section?: unknown; activityType?: unknown } | null) => ({
        section: String(a?.section ?? ''),
        activityType: String(a?.activityType ?? ''),
      }))
    : undefined;
  return operatorProblems(
    {
      name: text('name'),
      country: text('country'),
      street: text('street'),
      postcode: text('postcode'),
      city: text('city'),
      phone: text('phone'),
      fax: text('fax'),
      email: text('email'),
      website: text('website'),
      eori: text('eori'),
      activities,
    },
    eoriTypes,
  );
}

export function createOperatorUseCases(deps: { db: Db; requests: AuthorisationRequestUseCases }) {
  const { db } = deps;

  return {
    /** POST /api/environments/{env}/operators → {operator: {id, status, creationRequestId}, request}. */
    async create(environment: Environment, accountId: string, body: unknown) {
      const eoriTypes = new Set((await db.activityType.findMany({ where: { requiresEori: true } })).map((a) => a.code));
      const parsed = newOperatorSchema.safeParse(body ?? {});
      const problems = requiredProblems(body, eoriTypes);
      if (!parsed.success) {
        const error = validationError(parsed.error);
        throw new ApiError(400, 'VALIDATION_FAILED', 'Some fields are missing or invalid', {
          ...problems,
          ...error.fieldErrors,
        });
      }
      const input = parsed.data;
      const fields: FieldErrors = { ...operatorProblems(input, eoriTypes) };
      if (input.country && !(await db.country.findUnique({ where: { code: input.country } })))
        fields.country = { code: 'UNKNOWN_VALUE', params: { value: input.country } };
      const types = await db.activityType.findMany({
        where: { code: { in: (input.activities ?? []).map((a) => a.activityType) } },
      });
      (input.activities ?? []).forEach((a, index) => {
        const type = types.find((t) => t.code === a.activityType);
        if (!type)
          fields[`activities.${index}.activityType`] = { code: 'UNKNOWN_VALUE', params: { value: a.activityType } };
        else if (type.sectionCode !== a.section)
          fields[`activities.${index}.section`] = { code: 'WRONG_SECTION', params: { section: type.sectionCode } };
      });
      if (Object.keys(fields).length)
        throw new ApiError(400, 'VALIDATION_FAILED', 'Some fields are missing or invalid', fields);
      // operatorProblems found none of the required fields missing.
      const operator = input as Required<
        Pick<NewOperatorFields, 'name' | 'country' | 'street' | 'postcode' | 'city' | 'activities'>
      > &
        typeof input;

      await deps.requests.assertRoleKind(environment, accountId, 'OPERATOR');

      if (!input.confirmNotDuplicate) {
        const duplicates = likelyDuplicates(operator, await duplicateCandidates(db, environment, operator));
        if (duplicates.length) {
          const error = new ApiError(
            409,
            'POSSIBLE_DUPLICATE',
            'This operator looks like one that already exists; request to join it, or send again with confirmNotDuplicate: true',
          );
          error.details = { duplicates };
          throw error;
        }
      }

      const draft = await db.operatorDraft.create({
        data: {
          environment,
          accountId,
          data: {
            name: operator.name,
            country: operator.country,
            street: operator.street,
            postcode: operator.postcode,
            city: operator.city,
            activities: operator.activities,
            phone: operator.phone,
            fax: operator.fax,
            email: operator.email,
            website: operator.website,
            eori: operator.eori,
          },
        },
      });
      const request = await deps.requests.startRequest({
        environment,
        kind: 'OPERATOR',
        accountId,
        organisationId: crypto.randomUUID(),
        operatorDraftId: draft.id,
        message: input.message,
        contactEmail: input.contactEmail,
        contactPhone: input.contactPhone,
      });
      return {
        operator: {
          id: request.organisationId,
          status: 'PENDING' as const,
          creationRequestId: request.creationRequestId,
        },
        request,
      };
    },
  };
}

export type OperatorUseCases = ReturnType<typeof createOperatorUseCases>;
