// express-formidable ships no types: the middleware AdminJS parses its login form with (fields on req.fields).
declare module 'express-formidable' {
  import type { RequestHandler } from 'express';
  export default function formidableMiddleware(options?: Record<string, unknown>): RequestHandler;
}
