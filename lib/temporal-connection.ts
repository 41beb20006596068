// The one place that builds Temporal clients and the worker's data converter: every payload and failure message is
// encrypted with the payload codec before it reaches the Temporal server.
import fs from 'node:fs';
import { Client, Connection, type TLSConfig, type WorkflowClientInterceptor } from '@temporalio/client';
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import { AesGcmPayloadCodec, parsePayloadKeys, readOrCreateLocalKeys } from './payload-codec';

/** Also given to bundleWorkflowCode, so that failures raised inside workflows are encoded the same way. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** The codec from PAYLOAD_ENCRYPTION_KEYS, or (local use only) from the key file kept under DATA_DIR. */
export function createPayloadCodec(options: { keys?: string; dataDir: string }): AesGcmPayloadCodec {
  return new AesGcmPayloadCodec(parsePayloadKeys(options.keys ?? readOrCreateLocalKeys(options.dataDir)));
}

export function temporalDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/** PEM files for mutual TLS to the frontend (TEMPORAL_TLS_*; `npm run cluster` makes them). */
export interface TemporalTlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
  serverName?: string;
}

/** The TLS options of both the client's and the worker's connection; undefined: plain gRPC. */
export function temporalTls(files?: TemporalTlsFiles): TLSConfig | undefined {
  if (!files) return undefined;
  return {
    serverNameOverride: files.serverName,
    serverRootCACertificate: fs.readFileSync(files.caFile),
    clientCertPair: { crt: fs.readFileSync(files.certFile), key: fs.readFileSync(files.keyFile) },
  };
}

export interface TemporalClientOptions {
  address: string;
  tls?: TemporalTlsFiles;
  namespace: string;
  codec: PayloadCodec;
  interceptors?: WorkflowClientInterceptor[];
}

/** A client whose payloads are encrypted; close it with `client.connection.close()`. */
export async function connectTemporalClient(options: TemporalClientOptions): Promise<Client> {
  const connection = await Connection.connect({ address: options.address, tls: temporalTls(options.tls) });
  return new Client({
    connection,
    namespace: options.namespace,
    dataConverter: temporalDataConverter(options.codec),
    interceptors: { workflow: options.interceptors ?? [] },
  });
}
