import { describe, expect, it } from 'vitest';
import { adviceFor, messageWithHint, secondsUntil } from '../../../renderer/lib/error-advice';

describe('adviceFor', () => {
  it('sends a refused key to the key dialog', () => {
    expect(adviceFor({ code: 'AUTH', message: 'Invalid API key' }, 0).wayOut).toEqual({ kind: 'key' });
  });

  it('turns retryAfterMs into a retry time', () => {
    const advice = adviceFor({ code: 'RATE_LIMITED', message: 'Too many', retryAfterMs: 7200 }, 1000);
    expect(advice.wayOut).toEqual({ kind: 'retry-at', atMs: 8200 });
    expect(secondsUntil(8200, 1000)).toBe(8);
    expect(secondsUntil(8200, 9000)).toBe(0);
  });

  it('offers the offline engine when Async cannot be reached', () => {
    const advice = adviceFor({ code: 'NETWORK', message: 'connect ECONNREFUSED' }, 0);
    expect(advice.wayOut).toEqual({ kind: 'offline' });
    expect(advice.message).toContain('ECONNREFUSED');
  });

  it('shows a bad request in the engine’s words, with its hint', () => {
    const advice = adviceFor({ code: 'BAD_INPUT', message: 'Unknown voice.', hint: 'Pick another.' }, 0);
    expect(advice).toEqual({ message: 'Unknown voice. Pick another.', wayOut: null });
  });
});

describe('messageWithHint', () => {
  it('follows the message with its hint, and leaves a message without one as it is', () => {
    expect(messageWithHint({ message: 'Disk full.', hint: 'Free some space.' })).toBe('Disk full. Free some space.');
    expect(messageWithHint({ message: 'Disk full.' })).toBe('Disk full.');
    expect(messageWithHint({ message: 'Disk full.', hint: '' })).toBe('Disk full.');
  });

  it('keeps the hint of a quota or server error in the advice', () => {
    expect(adviceFor({ code: 'QUOTA', message: 'quota', hint: 'Top up.' }, 0).message).toBe(
      'Your Async usage limit is reached. Top up.',
    );
    expect(adviceFor({ code: 'SERVER', message: 'HTTP 500', hint: 'Try later.' }, 0).message).toBe(
      'Async had a problem: HTTP 500 Try later.',
    );
  });
});
