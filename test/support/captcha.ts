// The built-in captcha in tests: the real generator draws the image, and the test, like the person reading it, then
// knows an answer. The server stores only a hash of the answer, so the test writes the hash of the answer it will type
// (the same hash the captcha service compares; no hook in production code).
import { answerHash } from '../../api/use-cases/captcha';
import type { Db } from '../../lib/db';

export async function captchaReadsAs(db: Db, captchaId: string, answer: string): Promise<void> {
  await db.captcha.update({ where: { id: captchaId }, data: { answerHash: answerHash(captchaId, answer) } });
}
