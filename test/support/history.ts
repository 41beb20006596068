// Workflow histories in tests: decoding payloads with the run's codec, and the text form kept under test/histories/.
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export type History = temporal.api.history.v1.IHistory;
const HistoryMessage = temporal.api.history.v1.History;

function collectPayloads(node: unknown, found: Payload[]): void {
  if (!node || typeof node !== 'object') return;
  const candidate = node as Partial<Payload>;
  if (candidate.data instanceof Uint8Array && candidate.metadata && typeof candidate.metadata === 'object') {
    found.push(candidate as Payload);
    return;
  }
  for (const value of Object.values(node as Record<string, unknown>)) collectPayloads(value, found);
}

/** Replaces every payload of the history by its decoded form (in place), so it replays without the run's key. */
export async function decodePayloads(history: History, codec: PayloadCodec): Promise<History> {
  const all: Payload[] = [];
  collectPayloads(history, all);
  // Search attributes are never encrypted; the codec refuses payloads in clear.
  const found = all.filter(
    (p) => Buffer.from(p.metadata?.encoding ?? new Uint8Array()).toString() === 'binary/encrypted',
  );
  const decoded = await codec.decode(found);
  found.forEach((payload, i) => {
    payload.metadata = decoded[i]!.metadata;
    payload.data = decoded[i]!.data;
  });
  return history;
}

// The protobuf object form (bytes in base64, enums by name); @temporalio/common's historyToJSON/historyFromJSON
// fail here on a second copy of protobufjs.
export const historyToText = (history: History) =>
  JSON.stringify(
    HistoryMessage.toObject(HistoryMessage.fromObject(history), { longs: String, enums: String, bytes: String }),
    null,
    1,
  );
export const historyFromText = (text: string) => HistoryMessage.fromObject(JSON.parse(text));

/** Every byte string of the history as UTF-8 text: what someone reading the server's database would see. */
export function bytesAsText(history: History): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (node instanceof Uint8Array) parts.push(Buffer.from(node).toString('utf8'));
    else if (node && typeof node === 'object') for (const value of Object.values(node)) walk(value);
    else if (typeof node === 'string') parts.push(node);
  };
  walk(history);
  return parts.join('\n');
}
