// The remote codec endpoint for Temporal UI and the `temporal` CLI (POST /codec/encode, /codec/decode in Temporal's
// remote codec protocol: {payloads: [{metadata: {k: base64}, data: base64}]}). It turns encrypted payloads back into
// personal data, so only operators may call it: with `Authorization: Bearer <CODEC_AUTH_TOKEN>` (Temporal UI's
// codec setting, CLI `--codec-auth`), with an API session (POST /api/sessions) of a Commission account, or (mounted
// under /admin/codec, where the back-office cookie is sent) with the back-office session of a Commission account:
// Temporal UI's "include cross-origin credentials" makes the operator's browser send it, no single sign-on needed.
import { FieldCode } from '../domain/contracts';
import crypto from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { Db } from '../lib/db';
import { isEncrypted } from '../lib/payload-codec';
import { sha256Hex } from '../lib/secrets';
import { ApiError, parseInput, route } from './errors';
import { jsonBody } from './input-guards';

export interface CodecEndpointDeps {
  db: Db;
  codec: PayloadCodec;
  /** A shared operator token; unset: only Commission sessions are accepted. */
  authToken?: string;
  /** Origins (Temporal UI) allowed to call the endpoint from a browser. */
  corsOrigins: string[];
  /** The account of the request's live back-office session, if any (only the /admin/codec mount has one). */
  backOfficeAccount?: (req: Request) => string | undefined;
}

const base64 = z
  .string()
  .max(8 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, FieldCode.invalidFormat);
const payloadsSchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(base64).optional(), data: base64.optional() })).max(10_000),
});

const fromJson = (p: z.infer<typeof payloadsSchema>['payloads'][number]): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]),
  ),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export function createCodecRouter(deps: CodecEndpointDeps): Router {
  const router = express.Router();
  const tokenDigest = deps.authToken ? crypto.createHash('sha256').update(deps.authToken).digest() : undefined;

  router.use((req, res, next) => {
    const origin = req.get('origin');
    if (origin && deps.corsOrigins.includes(origin)) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Namespace',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  });

  /** Only an active account holding a VALID Commission post may read personal data out of the histories. */
  const mayDecode = async (accountId: string) => {
    const commission = await deps.db.role.count({
      where: {
        accountId,
        status: 'VALID',
        organisation: { isCommission: true },
        account: { status: 'ACTIVE' },
      },
    });
    if (commission === 0) throw new ApiError(403, 'NOT_ENTITLED', 'Only operators may decode payloads');
  };

  /** An operator: the shared token, a live API session, or a live back-office session, of a Commission account. */
  const authorised = route(async (req, _res, next) => {
    const header = req.get('authorization');
    const backOfficeAccount = header === undefined ? deps.backOfficeAccount?.(req) : undefined;
    if (backOfficeAccount) {
      await mayDecode(backOfficeAccount);
      next();
      return;
    }
    const match = /^Bearer (\S{20,300})$/.exec(header ?? '');
    if (!match) throw new ApiError(401, 'UNAUTHENTICATED', 'The codec needs Authorization: Bearer <token>');
    const presented = match[1]!;
    if (tokenDigest && crypto.timingSafeEqual(tokenDigest, crypto.createHash('sha256').update(presented).digest())) {
      next();
      return;
    }
    const session = await deps.db.session.findUnique({
      where: { tokenHash: sha256Hex(presented) },
      include: { account: { select: { status: true } } },
    });
    if (
      !session ||
      session.revokedAt ||
      session.expiresAt.getTime() <= Date.now() ||
      session.account.status !== 'ACTIVE'
    ) {
      throw new ApiError(401, 'UNAUTHENTICATED', 'Unknown or ended codec credentials');
    }
    await mayDecode(session.accountId);
    next();
  });

  // Authenticate before reading a body of up to 16 MB.
  router.use(authorised, ...jsonBody({ limit: '16mb' }));
  // Decoding is for reading: a payload already in clear (search attributes, data from before encryption) is shown as
  // it is, while the worker's own codec refuses to act on one.
  const run = async (action: 'encode' | 'decode', payloads: Payload[]): Promise<Payload[]> => {
    if (action === 'encode') return deps.codec.encode(payloads);
    const decoded = await deps.codec.decode(payloads.filter(isEncrypted));
    return payloads.map((p) => (isEncrypted(p) ? decoded.shift()! : p));
  };
  for (const action of ['encode', 'decode'] as const) {
    router.post(
      `/${action}`,
      route(async (req, res) => {
        const { payloads } = parseInput(payloadsSchema, req.body);
        const result = await run(action, payloads.map(fromJson)).catch((error: Error) => {
          throw new ApiError(422, 'UNDECODABLE_PAYLOAD', error.message);
        });
        res.set('Cache-Control', 'no-store').json({ payloads: result.map(toJson) });
      }),
    );
  }
  return router;
}
