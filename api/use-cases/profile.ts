// The person's profile: personal information from the account, and preferences.
import { FieldCode } from '../../domain/contracts';
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
    timeZone: z.string().max(64).refine(isTimeZone, FieldCode.invalidTimeZone).optional(),
    emailNotifications: z.boolean().optional(),
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
