// Mutual TLS for the Temporal cluster's frontend: a local certificate authority and the certificates of the server and
// of each client (the app, the CLI, the UI server), made with `openssl` (node:crypto cannot issue X.509 certificates)
// into `<dir>` on first start and reused afterwards. An operator may instead point CLUSTER_TLS_DIR at their own files
// with the same names.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface TlsFiles {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** The name the server's certificate is issued to; clients check it (they connect to 127.0.0.1). */
  serverName: string;
}

export const CLUSTER_TLS_SERVER_NAME = 'temporal-frontend.local';

export function tlsFilesIn(dir: string): TlsFiles {
  return {
    caCert: path.join(dir, 'ca.pem'),
    serverCert: path.join(dir, 'server.pem'),
    serverKey: path.join(dir, 'server.key'),
    clientCert: path.join(dir, 'client.pem'),
    clientKey: path.join(dir, 'client.key'),
    serverName: CLUSTER_TLS_SERVER_NAME,
  };
}

const openssl = (args: string[], cwd: string) =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });

/** Issues `name`.pem/.key signed by the CA; the server's certificate also serves as the cluster's internal client. */
function issue(dir: string, name: string, subject: string, extensions: string) {
  const ext = path.join(dir, `${name}.ext`);
  fs.writeFileSync(ext, extensions);
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`], dir);
  openssl(
    ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'].concat([
      '-days',
      '825',
      '-sha256',
      '-extfile',
      ext,
      '-out',
      `${name}.pem`,
    ]),
    dir,
  );
  fs.rmSync(ext);
  fs.rmSync(path.join(dir, `${name}.csr`));
  fs.chmodSync(path.join(dir, `${name}.key`), 0o600);
}

/** The certificates in `dir`, created on first use (an existing complete set, generated or the operator's, is kept). */
export function ensureClusterTls(dir: string): TlsFiles {
  const files = tlsFilesIn(dir);
  const names = [files.caCert, files.serverCert, files.serverKey, files.clientCert, files.clientKey];
  if (names.every((file) => fs.existsSync(file))) return files;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key'], dir);
  fs.chmodSync(path.join(dir, 'ca.key'), 0o600);
  openssl(
    ['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '3650']
      .concat(['-subj', '/CN=traces-onboarding local Temporal CA', '-out', 'ca.pem'])
      .concat(['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
    dir,
  );
  issue(
    dir,
    'server',
    `/CN=${CLUSTER_TLS_SERVER_NAME}`,
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n` +
      `subjectAltName=DNS:${CLUSTER_TLS_SERVER_NAME},DNS:localhost,IP:127.0.0.1\n`,
  );
  issue(
    dir,
    'client',
    '/CN=traces-onboarding client',
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  return files;
}
