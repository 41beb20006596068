// The built-in captcha: an SVG challenge, checked on the server, single use and short-lived.
import { randomUUID } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import { ApiError } from '../errors';
import type { Db } from '../../lib/db';
import { sha256Hex } from '../../lib/secrets';

const CAPTCHA_TTL_MS = 10 * 60_000;

export interface CaptchaChallenge {
  text: string;
  svg: string;
}

const generate = (): CaptchaChallenge => {
  const { text, data } = svgCaptcha.create({ size: 5, noise: 3, ignoreChars: '0oO1iIlL', color: false });
  return { text, svg: data };
};

/** What is stored of an answer: its hash, bound to the challenge (case and surrounding blanks do not matter). */
export const answerHash = (id: string, answer: string) => sha256Hex(`${id}:${answer.trim().toLowerCase()}`);

export function createCaptchaService(deps: { db: Db; provider: 'builtin' | 'none' }) {
  return {
    enabled: deps.provider === 'builtin',

    async newChallenge(): Promise<{ captchaId: string; image: string }> {
      const challenge = generate();
      const id = randomUUID();
      await deps.db.captcha.create({
        data: { id, answerHash: answerHash(id, challenge.text), expiresAt: new Date(Date.now() + CAPTCHA_TTL_MS) },
      });
      return { captchaId: id, image: challenge.svg };
    },

    /** Uses up the challenge whatever the answer, so that one challenge allows one guess. */
    async verify(captchaId: string | undefined, answer: string | undefined): Promise<void> {
      if (deps.provider === 'none') return;
      const refuse = () =>
        new ApiError(400, 'INVALID_CAPTCHA', 'The code does not match; try a new one', {
          captchaAnswer: 'INVALID_CAPTCHA',
        });
      if (!captchaId || !answer) throw refuse();
      const rows = await deps.db.$queryRaw<Array<{ answerHash: string }>>`
        UPDATE "Captcha" SET "usedAt" = now()
        WHERE id = ${captchaId}::uuid AND "usedAt" IS NULL AND "expiresAt" > now()
        RETURNING "answerHash"`;
      if (rows.length !== 1 || rows[0]!.answerHash !== answerHash(captchaId, answer)) throw refuse();
    },
  };
}

export type CaptchaService = ReturnType<typeof createCaptchaService>;
