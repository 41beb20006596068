// The AdminJS back-office at /admin. AdminJS is ES-modules only, so it is loaded with import() from this CommonJS repo.
import fs from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import type { Db } from '../lib/db';
import type { Logger } from '../lib/logger';
import { loadApproverScope, type ApproverScope } from './approver-scope';

export interface AdminDeps {
  db: Db;
  databaseUrl: string;
  logger: Logger;
  sessionSecret: string;
  secureCookies: boolean;
  /** Checks e-mail and password exactly as the API does (throttling included); returns the account id or undefined. */
  checkLogin(email: string, password: string): Promise<string | undefined>;
}

interface DmmfModel {
  name: string;
}

const DMMF_PATH = path.resolve(__dirname, '..', 'prisma', 'generated', 'dmmf.json');

/** The full datamodel written by prisma/dmmf-generator.cjs (the client's own DMMF lacks what AdminJS needs). */
function modelByName(name: string): DmmfModel {
  const datamodel = JSON.parse(fs.readFileSync(DMMF_PATH, 'utf8')) as { models: DmmfModel[] };
  const model = datamodel.models.find((m) => m.name === name);
  if (!model) throw new Error(`No model ${name} in ${DMMF_PATH}; run npm run prepare-db-client`);
  return model;
}

export interface AdminUser {
  email: string;
  id: string;
  title: string;
  scope: ApproverScope;
}

export async function createAdminRouter(deps: AdminDeps): Promise<{ rootPath: string; router: Router }> {
  const { default: AdminJS } = await import('adminjs');
  const AdminJSExpress = await import('@adminjs/express');
  const { Database, Resource } = await import('@adminjs/prisma');
  const session = (await import('express-session')).default;
  const connectPgSimple = (await import('connect-pg-simple')).default;
  AdminJS.registerAdapter({ Database, Resource });

  const resource = (name: string, options: Record<string, unknown> = {}) => ({
    resource: { model: modelByName(name), client: deps.db },
    options,
  });
  const readOnly = { new: { isAccessible: false }, edit: { isAccessible: false }, delete: { isAccessible: false }, bulkDelete: { isAccessible: false } };

  const admin = new AdminJS({
    rootPath: '/admin',
    loginPath: '/admin/login',
    logoutPath: '/admin/logout',
    branding: { companyName: 'TRACES onboarding back-office', withMadeWithLove: false },
    resources: [
      resource('AuthorisationRequest', { actions: readOnly, navigation: { name: 'Requests' } }),
      resource('Organisation', { actions: readOnly, navigation: { name: 'Directory' } }),
      resource('AuditEvent', { actions: readOnly, navigation: { name: 'Audit' } }),
    ],
  });

  const PgStore = connectPgSimple(session);
  const store = new PgStore({ conString: deps.databaseUrl, tableName: 'admin_session', createTableIfMissing: false });

  const router = AdminJSExpress.buildAuthenticatedRouter(
    admin,
    {
      cookieName: 'traces_admin',
      cookiePassword: deps.sessionSecret,
      authenticate: async (email: string, password: string) => {
        const accountId = await deps.checkLogin(email, password);
        if (!accountId) return null;
        const scope = await loadApproverScope(deps.db, accountId);
        // Only people entitled to decide something may enter the back-office.
        if (!scope.entitled) return null;
        const user: AdminUser = { email, id: accountId, title: scope.title, scope };
        return user;
      },
    },
    null,
    {
      store,
      secret: deps.sessionSecret,
      name: 'traces_admin',
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, maxAge: 8 * 3600_000 },
    },
  );
  return { rootPath: admin.options.rootPath, router: router as unknown as Router };
}
