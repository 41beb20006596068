/** Parses durations written as in the configuration ("90m", "3d", "2s", "500ms", "1h30m") into milliseconds. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(trimmed)) !== null) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    consumed = pattern.lastIndex;
  }
  if (trimmed.length === 0 || consumed !== trimmed.length || total <= 0) {
    throw new Error(`not a duration: "${text}" (use e.g. 90m, 3d, 2s)`);
  }
  return Math.round(total);
}
