// The web process's composition root: the use-cases are built once here and shared by the HTTP API (with the codec
// endpoint), the applicant portal and the back-office, so that all three apply the same rules through the same
// objects. See docs/architecture.md ("Rooms" and "Flows").
import express, { type Express } from 'express';
import { createAdminRouter, type AdminDeps } from '../admin/admin';
import { createCodecRouter } from '../api/codec-endpoint';
import { createApiApp, type WebDeps } from '../api/app';
import { errorHandler } from '../api/errors';
import { createUseCases } from '../api/use-cases';
import { createPortalApp } from '../portal/router';
import { backOfficeLogin } from './back-office-login';

/** The back-office's own settings; its approvals and login come from the shared use-cases. */
export type BackOfficeOptions = Omit<
  AdminDeps,
  'db' | 'logger' | 'publicUrl' | 'approvals' | 'workQueue' | 'checkLogin' | 'secondFactor'
>;

export interface WebAppDeps extends WebDeps {
  /** Omitted where AdminJS cannot load (it is ES modules only, so not in Jest): then no back-office. */
  backOffice?: BackOfficeOptions;
}

export async function createWebApp(deps: WebAppDeps): Promise<Express> {
  const useCases = createUseCases(deps);
  // The API app is the root: health, metrics, the codec endpoint and /api, then the portal and the back-office.
  const app = createApiApp(deps, useCases);
  // The portal's pages: its own app, answering only its paths, so that the back-office after it is still reached.
  app.use(
    createPortalApp({
      useCases,
      db: deps.db,
      logger: deps.logger,
      publicUrl: deps.publicUrl,
      linkTtlMs: deps.linkTtlMs,
      resetTtlMs: deps.accounts.passwordResetTtlMs,
    }),
  );
  if (deps.backOffice) {
    const admin = await createAdminRouter({
      ...deps.backOffice,
      db: deps.db,
      logger: deps.logger,
      publicUrl: deps.publicUrl,
      approvals: useCases.approvals,
      workQueue: useCases.workQueue,
      checkLogin: backOfficeLogin(useCases.sessions),
      secondFactor: useCases.secondFactor,
      codecRouter:
        deps.codec &&
        ((backOfficeAccount) =>
          // Its refusals are the API's (401, 403, 422 as JSON), not the back-office's error pages.
          express
            .Router()
            .use(
              createCodecRouter({
                db: deps.db,
                codec: deps.codec!.payloadCodec,
                authToken: deps.codec!.authToken,
                corsOrigins: deps.codec!.corsOrigins,
                backOfficeAccount,
              }),
            )
            .use(errorHandler(deps.logger))),
    });
    app.use(admin.rootPath, admin.router);
  }
  app.use(errorHandler(deps.logger));
  return app;
}
