// The back-office HTTP client lives in client/admin-http.ts (the bench uses it too); tests import it from here.
export * from '../../client/admin-http';
