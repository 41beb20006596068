// The person's profile: personal information from the account, and preferences.
import { z } from 'zod';
import type { Db } from '../../lib/db';
import { notFound, parseInput } from '../errors';

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const preferencesSchema = z
  .object({
    timeZone: z
      .string()
      .max(64, 'Not a time zone')
      .refine(isTimeZone, 'Not an IANA time zone (e.g. Europe/Brussels)')
      .optional(),
    emailNotifications: z.boolean({ invalid_type_error: 'Must be true or false' }).optional(),
  })
  .strict();

const PROFILE_FIELDS = {
  id: true,
  firstName: true,
  lastName: true,
  email: true,
  emailLanguage: true,
  status: true,
  timeZone: true,
  emailNotifications: true,
  createdAt: true,
} as const;

export function createProfileUseCases({ db }: { db: Db }) {
  return {
    async me(accountId: string) {
      const account = await db.account.findUnique({ where: { id: accountId }, select: PROFILE_FIELDS });
      if (!account) throw notFound('account');
      return account;
    },
    async updatePreferences(accountId: string, body: unknown) {
      const input = parseInput(preferencesSchema, body);
      return db.account.update({ where: { id: accountId }, data: input, select: PROFILE_FIELDS });
    },
  };
}
