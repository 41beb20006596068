// The HTTP helpers live in client/http.ts (the bench uses them too); tests import them from here.
export * from '../../client/http';
