// A readable page for the OpenAPI document at /api/docs: Swagger UI served from the swagger-ui-dist package, so it
// works without reaching any CDN.
import path from 'node:path';
import express, { type Router } from 'express';

const ASSETS = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>TRACES onboarding API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true });\n`;

export function apiDocsRouter(): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/init.js', (_req, res) => {
    res.type('js').send(INIT);
  });
  for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js']) {
    router.get(`/${file}`, (_req, res, next) => {
      res.sendFile(path.join(ASSETS, file), { maxAge: '1d' }, (error) => error && next(error));
    });
  }
  return router;
}
