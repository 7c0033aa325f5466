/** 75.4 → "1:15.4"; what the takes list and the waveform ruler show. */
export function formatSeconds(seconds: number, decimals = 1): string {
  const safe = Math.max(0, seconds);
  const minutes = Math.floor(safe / 60);
  const rest = (safe - minutes * 60).toFixed(decimals).padStart(decimals ? 3 + decimals : 2, '0');
  return `${minutes}:${rest}`;
}

/** Prices are tiny per request, so small amounts keep their significant digits. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  if (usd < 1) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}

/** 182.4 → "182 ms", 1520 → "1.52 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** 44100 → "44.1 kHz" (in the user's number format). */
export function kiloHertz(sampleRate: number): string {
  return `${(sampleRate / 1000).toLocaleString()} kHz`;
}

/** A key shown by its tail only: "••••" and the last four characters the engine reports (whatever it pads them with). */
export function maskedKey(hint: string | null): string {
  return `••••${(hint ?? '').replace(/^[^A-Za-z0-9]+/, '').slice(-4)}`;
}
