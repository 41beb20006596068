// The one place that builds Temporal clients and the worker's data converter: every payload and failure message is
// encrypted with the payload codec before it reaches the Temporal server.
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
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

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  codec: PayloadCodec;
  interceptors?: WorkflowClientInterceptor[];
}

/** A client whose payloads are encrypted; close it with `client.connection.close()`. */
export async function connectTemporalClient(options: TemporalClientOptions): Promise<Client> {
  const connection = await Connection.connect({ address: options.address });
  return new Client({
    connection,
    namespace: options.namespace,
    dataConverter: temporalDataConverter(options.codec),
    interceptors: { workflow: options.interceptors ?? [] },
  });
}
