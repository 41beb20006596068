// Reads the .eml files the file mailer wrote, as a person would read their inbox.
import fs from 'node:fs';
import path from 'node:path';

export interface ReadMail {
  file: string;
  to: string;
  subject: string;
  text: string;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function decodeHeader(value: string): string {
  // RFC 2047: white space between adjacent encoded words is not part of the text.
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

export function readMails(mailDir: string, to?: string): ReadMail[] {
  if (!fs.existsSync(mailDir)) return [];
  return fs
    .readdirSync(mailDir)
    .filter((f) => f.endsWith('.eml'))
    .map((file) => {
      const raw = fs.readFileSync(path.join(mailDir, file), 'utf8');
      const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
      const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
      const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(unfolded)?.[1] ?? '';
      let text = rest.join('\n\n');
      const encoding = header('Content-Transfer-Encoding').toLowerCase();
      if (encoding === 'quoted-printable') text = decodeQuotedPrintable(text);
      if (encoding === 'base64') text = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
      return { file, to: header('To'), subject: decodeHeader(header('Subject')), text };
    })
    .filter((mail) => !to || mail.to.toLowerCase().includes(to.toLowerCase()));
}

/** The set-password token in a mail. */
export function linkToken(mail: ReadMail): string {
  const match = /\/set-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no set-password link in mail ${mail.file}`);
  return match[1]!;
}

/** Polls until `predicate` holds (a condition, not a fixed sleep), failing after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  predicate: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
