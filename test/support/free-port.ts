// freePort lives in lib/free-port.ts (the bench uses it too); tests import it from here.
export * from '../../lib/free-port';
