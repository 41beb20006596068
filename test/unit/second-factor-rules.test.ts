// domain/second-factor.ts: the recovery codes people copy by hand, what a typed code is, and who meets the second step.
import {
  approverLoginStep,
  classifyCode,
  formatRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_LENGTH,
  recoveryCodeFromBytes,
} from '../../domain/second-factor';

describe('recovery codes', () => {
  test('a code is 16 symbols of Crockford base32, shown in groups of four and read back however it was typed', () => {
    const code = recoveryCodeFromBytes(new Uint8Array(Array.from({ length: 16 }, (_, i) => i * 17)));
    expect(code).toHaveLength(RECOVERY_CODE_LENGTH);
    expect([...code].every((c) => RECOVERY_CODE_ALPHABET.includes(c))).toBe(true);
    const shown = formatRecoveryCode(code);
    expect(shown).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(normaliseRecoveryCode(shown.toLowerCase().replace(/-/g, ' '))).toBe(code);
  });

  test('letters a hand might confuse (I, L, O, U) are never in a code, so a code holding one is not a code', () => {
    expect(RECOVERY_CODE_ALPHABET).not.toMatch(/[ILOU]/);
    expect(normaliseRecoveryCode('ABCD-EFGH-JKMN-PQRO')).toBeUndefined();
    expect(normaliseRecoveryCode('ABCD-EFGH-JKMN')).toBeUndefined();
  });

  test('every symbol is equally likely: each byte value maps to one symbol, 8 byte values per symbol', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const symbol = recoveryCodeFromBytes(new Uint8Array(16).fill(b))[0]!;
      counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    expect(new Set(counts.values())).toEqual(new Set([8]));
  });

  test('too few random bytes is a programming error, not a weak code', () => {
    expect(() => recoveryCodeFromBytes(new Uint8Array(8))).toThrow('not enough random bytes');
  });
});

describe('what a code typed at the second step is', () => {
  test('six digits (spaces allowed) are the app; a recovery code is a recovery code; anything else is neither', () => {
    expect(classifyCode('123 456')).toEqual({ kind: 'totp', code: '123456' });
    expect(classifyCode('abcd-efgh-jkmn-pqrs')).toEqual({ kind: 'recovery', code: 'ABCDEFGHJKMNPQRS' });
    expect(classifyCode('12345')).toBeUndefined();
    expect(classifyCode('1234567')).toBeUndefined();
  });
});

describe('APPROVER_MFA at the back-office', () => {
  test('a factor always means the second step; without one, required refuses and optional lets in', () => {
    expect(approverLoginStep('required', true)).toBe('second-factor');
    expect(approverLoginStep('optional', true)).toBe('second-factor');
    expect(approverLoginStep('required', false)).toBe('enrol-first');
    expect(approverLoginStep('optional', false)).toBe('enter');
  });
});
