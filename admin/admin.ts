// The AdminJS back-office at /admin. AdminJS is ES-modules only, so it is loaded with import() from this CommonJS repo.
// Its permissive defaults are closed here: login only for approvers with a fresh session id, sessions in PostgreSQL
// with idle and absolute timeouts, same-origin checks on every state-changing request, row-level scoping in the
// resources, no generic writes, and decisions only through the approval use-cases (Temporal).
import fs from 'node:fs';
import path from 'node:path';
import connectPgSimple from 'connect-pg-simple';
import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import session from 'express-session';
import type { Db } from '../lib/db';
import type { Logger } from '../lib/logger';
import { loadApproverScope } from './approver-scope';
import { dashboardData } from './dashboard';
import type { ApprovalActions } from './decision-actions';
import type { WorkQueueActions } from './work-queue-actions';
import { isUnstorable } from '../api/input-guards';
import { bundleComponentsOnce } from './component-bundle';
import { checkAdminParams, paramModels } from './request-params';
import { adminLocale } from './locale';
import { buildResources } from './resources';
import { contrastTheme } from './theme';
import { createScopedResourceClass, type DmmfModel } from './scoped-resource';
import { secondFactorLogin, type SecondFactorLoginDeps } from './second-factor-login';
import { regenerateSession, sameOriginOnly, sessionGuard, type AdminUser } from './session-security';

export type { AdminUser } from './session-security';

export interface AdminDeps {
  db: Db;
  databaseUrl: string;
  logger: Logger;
  sessionSecret: string;
  secureCookies: boolean;
  /** The origin the back-office is served from (PUBLIC_URL); requests from any other origin may not change state. */
  publicUrl: string;
  /** Checks e-mail and password exactly as the API does (throttling included); returns the account id or undefined. */
  checkLogin(email: string, password: string): Promise<string | undefined>;
  /** Decisions and role actions: api/use-cases/approvals.ts, i.e. Temporal updates. */
  approvals: ApprovalActions;
  /** The work queue and administrator rights: api/use-cases/work-queue.ts, i.e. Temporal updates. */
  workQueue: WorkQueueActions;
  /** Where operations open a request's workflow. */
  temporalUi: { url: string; namespace: string };
  /** A session unused this long ends (default 30 minutes). */
  idleTimeoutMs?: number;
  /** A session ends this long after login whatever happens (default 8 hours). */
  absoluteTimeoutMs?: number;
  /** Waiting requests expiring within this time are flagged on the dashboard (default 7 days). */
  closeToExpiryMs?: number;
  /** APPROVER_MFA and the second factor (admin/second-factor-login.ts). */
  approverMfa: SecondFactorLoginDeps['approverMfa'];
  secondFactor: SecondFactorLoginDeps['secondFactor'];
  /**
   * The codec endpoint at /admin/codec, where the back-office cookie reaches it (api/codec-endpoint.ts): given the
   * account of the request's live back-office session.
   */
  codecRouter?: (backOfficeAccount: (req: Request) => string | undefined) => Router;
}

const DMMF_PATH = path.resolve(__dirname, '..', 'prisma', 'generated', 'dmmf.json');
const COMPONENTS = path.join(__dirname, 'components');
const COOKIE_NAME = 'traces_admin';
const OVERRIDES: Record<string, string> = {
  Login: 'login.jsx',
  RecordInList: 'record-in-list.jsx',
  RecordsTableHeader: 'records-table-header.jsx',
  DefaultListAction: 'list.jsx',
  FilterDrawer: 'filter-drawer.jsx',
  Sidebar: 'sidebar.jsx',
  SidebarBranding: 'sidebar-branding.jsx',
  SidebarResourceSection: 'sidebar-resource-section.jsx',
  LoggedIn: 'logged-in.jsx',
  ActionHeader: 'action-header.jsx',
  TopBar: 'top-bar.jsx',
  DashboardRoute: 'main-landmark.jsx',
  ResourceRoute: 'main-landmark.jsx',
  ResourceActionRoute: 'main-landmark.jsx',
  RecordActionRoute: 'main-landmark.jsx',
  BulkActionRoute: 'main-landmark.jsx',
  PageRoute: 'main-landmark.jsx',
  // One date format everywhere, in the approver's time zone (the resources name their dates too).
  DefaultDatetimeListProperty: 'date-value.jsx',
  DefaultDatetimeShowProperty: 'date-value.jsx',
};

/** The full datamodel written by prisma/dmmf-generator.cjs (the client's own DMMF lacks what AdminJS needs). */
function loadModels(): Record<string, DmmfModel> {
  if (!fs.existsSync(DMMF_PATH)) throw new Error(`No ${DMMF_PATH}; run npm run prepare-db-client`);
  const datamodel = JSON.parse(fs.readFileSync(DMMF_PATH, 'utf8')) as { models: DmmfModel[] };
  return Object.fromEntries(datamodel.models.map((m) => [m.name, m]));
}

export async function createAdminRouter(deps: AdminDeps): Promise<{ rootPath: string; router: Router }> {
  const adminjs = await import('adminjs');
  const AdminJS = adminjs.default;
  const AdminJSExpress = await import('@adminjs/express');
  const adminPrisma = await import('@adminjs/prisma');
  const { componentsBundler, generateUserComponentEntry, ADMIN_JS_TMP_DIR } = await import('adminjs/bundler');

  const ScopedResource = createScopedResourceClass(adminjs, adminPrisma);
  AdminJS.registerAdapter({ Database: adminPrisma.Database, Resource: ScopedResource });

  const componentLoader = new adminjs.ComponentLoader();
  const component = (name: string, file: string) => componentLoader.add(name, path.join(COMPONENTS, file));
  const components = {
    Dashboard: component('Dashboard', 'dashboard.jsx'),
    DecisionForm: component('DecisionForm', 'decision-form.jsx'),
    BulkDecisionForm: component('BulkDecisionForm', 'bulk-decision-form.jsx'),
    Timeline: component('Timeline', 'timeline.jsx'),
    WorkflowLink: component('WorkflowLink', 'workflow-link.jsx'),
    ExportCsv: component('ExportCsv', 'export-csv.jsx'),
    OperatorView: component('OperatorView', 'operator-view.jsx'),
    EnumValue: component('EnumValue', 'enum-value.jsx'),
    DateValue: component('DateValue', 'date-value.jsx'),
    DecisionOutcome: component('DecisionOutcome', 'decision-outcome.jsx'),
    QueueForm: component('QueueForm', 'queue-form.jsx'),
    Members: component('Members', 'members.jsx'),
  };
  // AdminJS's own components where they fail WCAG 2.1 AA (docs/back-office.md lists what each fixes).
  for (const [name, file] of Object.entries(OVERRIDES)) componentLoader.override(name, path.join(COMPONENTS, file));

  const closeToExpiryMs = deps.closeToExpiryMs ?? 7 * 86_400_000;
  const admin = new AdminJS({
    rootPath: '/admin',
    loginPath: '/admin/login',
    logoutPath: '/admin/logout',
    componentLoader,
    branding: {
      companyName: 'TRACES onboarding back-office',
      logo: false,
      withMadeWithLove: false,
      theme: contrastTheme,
    },
    locale: adminLocale,
    assets: { styles: ['/admin/frontend/assets/a11y.css'] },
    dashboard: {
      component: components.Dashboard,
      handler: async (_request, _response, context) =>
        dashboardData(deps.db, context.currentAdmin as AdminUser | undefined, { closeToExpiryMs }),
    },
    resources: buildResources(adminjs, {
      db: deps.db,
      models: loadModels(),
      components,
      approvals: deps.approvals,
      workQueue: deps.workQueue,
      logger: deps.logger,
      temporalUi: deps.temporalUi,
    }),
  });

  // The custom components are bundled now, before the first page, and only when they changed since the bundle in
  // .adminjs/ was built (admin/component-bundle.ts: a stale bundle is never served). In production AdminJS would
  // bundle again: tell it not to.
  const started = Date.now();
  const outcome = await bundleComponentsOnce(componentsBundler, generateUserComponentEntry(admin, ADMIN_JS_TMP_DIR), {
    tmpDir: ADMIN_JS_TMP_DIR,
    componentsDir: COMPONENTS,
    version: AdminJS.VERSION,
  });
  process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
  deps.logger.info(`back-office components ${outcome}`, { ms: Date.now() - started });

  const loadTimeZone = async (accountId: string) =>
    (await deps.db.account.findUnique({ where: { id: accountId }, select: { timeZone: true } }))?.timeZone;
  const PgStore = connectPgSimple(session);
  const store = new PgStore({ conString: deps.databaseUrl, tableName: 'admin_session', createTableIfMissing: false });
  const idleTimeoutMs = deps.idleTimeoutMs ?? 30 * 60_000;
  const sessionOptions = {
    store,
    secret: deps.sessionSecret,
    name: COOKIE_NAME,
    resave: false,
    saveUninitialized: false,
    // Every request pushes the expiry on (idle timeout); the store forgets a session once it has expired.
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: deps.secureCookies,
      path: '/admin',
      maxAge: idleTimeoutMs,
    },
  };

  // Runs before AdminJS's own middleware; AdminJS's session() then finds req.session set and steps aside.
  const router = express.Router();
  router.use(session(sessionOptions));
  const absoluteTimeoutMs = deps.absoluteTimeoutMs ?? 8 * 3600_000;
  if (deps.codecRouter) {
    // Called from Temporal UI's origin (its own CORS rules), so before the same-origin rule of the back-office.
    const live = (req: Request) => {
      const { adminUser, loginAt } = req.session;
      return adminUser && loginAt && Date.now() - loginAt < absoluteTimeoutMs ? adminUser.id : undefined;
    };
    router.use('/codec', deps.codecRouter(live));
  }
  router.get('/frontend/assets/a11y.css', (_req, res) =>
    res.type('text/css').sendFile(path.join(COMPONENTS, 'a11y.css')),
  );
  router.use(sameOriginOnly(deps.publicUrl));
  const guard = sessionGuard({
    loginPath: admin.options.loginPath,
    absoluteTimeoutMs,
    loadScope: (accountId) => loadApproverScope(deps.db, accountId),
  });
  // The static bundles are public (the login page needs them): no need to read the scope for each of them.
  router.use((req, res, next) => (req.path.startsWith('/frontend/assets/') ? next() : guard(req, res, next)));
  // Unknown resources, bad paging, enum and date filters, unstorable characters: 4xx before AdminJS reads them.
  router.use(
    checkAdminParams(paramModels(JSON.parse(fs.readFileSync(DMMF_PATH, 'utf8'))), (id) => actionsOf(admin, id)),
  );
  router.get('/logout', (req, res, next) => {
    req.session.destroy((error) => {
      if (error) return next(error);
      res.clearCookie(COOKIE_NAME, { path: '/admin', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies });
      res.redirect(admin.options.loginPath);
    });
  });

  // The login itself (password, approver rights, second factor) is answered before AdminJS sees it.
  router.use(
    secondFactorLogin({
      approverMfa: deps.approverMfa,
      secondFactor: deps.secondFactor,
      checkLogin: deps.checkLogin,
      loadScope: (accountId) => loadApproverScope(deps.db, accountId),
      loadTimeZone,
      publicUrl: deps.publicUrl,
      rootPath: admin.options.rootPath,
      logger: deps.logger,
      renderLogin: (errorMessage) => admin.renderLogin({ action: admin.options.loginPath, errorMessage }),
    }),
  );

  AdminJSExpress.buildAuthenticatedRouter(
    admin,
    {
      cookieName: COOKIE_NAME,
      cookiePassword: deps.sessionSecret,
      authenticate: async (email: string, password: string, context?: { req?: unknown }) => {
        // A NUL cannot be an e-mail or a password here: refused like wrong credentials, before any query.
        if (isUnstorable(String(email ?? '')) || isUnstorable(String(password ?? ''))) return null;
        const accountId = await deps.checkLogin(String(email ?? ''), String(password ?? ''));
        if (!accountId) return null;
        const scope = await loadApproverScope(deps.db, accountId);
        // Only people entitled to decide something may enter the back-office, and never around the second step.
        if (!scope.entitled || deps.approverMfa === 'required' || (await deps.secondFactor.hasFactor(accountId)))
          return null;
        await regenerateSession(context!.req as Request);
        deps.logger.info('back-office login', { accountId });
        const user: AdminUser = {
          email: String(email).trim().toLowerCase(),
          id: accountId,
          title: scope.title,
          scope,
          timeZone: await loadTimeZone(accountId),
        };
        return user;
      },
    },
    router as never,
    sessionOptions,
  );

  // AdminJS throws its own NotFound/Forbidden errors outside its handlers (e.g. a bulk action on unknown ids); the
  // rest must not reach Express's default handler, which would show a stack trace.
  router.use(((error, req, res, _next) => {
    const name = (error as Error)?.name;
    if (name === 'NotFoundError')
      return res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such record among those you may see' } });
    if (name === 'ForbiddenError')
      return res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Not allowed' } });
    deps.logger.error('back-office error', { path: req.path, error: (error as Error)?.stack?.slice(0, 2000) });
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Unexpected error' } });
  }) as ErrorRequestHandler);

  return { rootPath: admin.options.rootPath, router };
}

/** The action names a resource offers (AdminJS's own and ours), or undefined for an unknown resource. */
function actionsOf(
  admin: { findResource(id: string): { decorate(): { actions: Record<string, unknown> } } },
  id: string,
) {
  try {
    return Object.keys(admin.findResource(id).decorate().actions);
  } catch {
    return undefined;
  }
}
