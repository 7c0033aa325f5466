import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../electron/web/wire';

describe('web shell wire format', () => {
  it('sends plain messages as JSON text', () => {
    const message = { type: 'result', id: 3, result: { ok: true, value: { name: 'x' } } };
    const frame = encodeMessage(message);
    expect(typeof frame).toBe('string');
    expect(decodeMessage(frame)).toEqual(message);
  });

  it('carries typed arrays as raw bytes in one binary frame, not as JSON numbers or base64', () => {
    const pcm = new Float32Array(4096).map((_, i) => Math.sin(i / 10));
    const frame = encodeMessage({
      type: 'stream',
      streamId: 1,
      message: { type: 'chunk', seq: 0, index: 0, pcm: new Uint8Array(pcm.buffer) },
    });
    expect(frame).toBeInstanceOf(Uint8Array);
    // Header and JSON are small; the rest is the 16 KiB of samples themselves.
    expect((frame as Uint8Array).byteLength).toBeLessThan(pcm.byteLength + 200);
    const decoded = decodeMessage(frame) as { message: { pcm: Uint8Array } };
    expect(decoded.message.pcm).toBeInstanceOf(Uint8Array);
    expect(new Float32Array(decoded.message.pcm.slice().buffer)).toEqual(pcm);
  });

  it('keeps each array kind and its values, several per message, readable in place', () => {
    const message = {
      min: new Float32Array([-1, -0.5, 0.25]),
      max: new Float32Array([1, 0.5]),
      bytes: new Uint8Array([1, 2, 3, 4, 5]),
      wide: new Float64Array([Math.PI]),
      name: 'peaks',
    };
    const decoded = decodeMessage(encodeMessage(message)) as typeof message;
    expect(decoded.min).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded.min)).toEqual([-1, -0.5, 0.25]);
    expect(Array.from(decoded.max)).toEqual([1, 0.5]);
    expect(Array.from(decoded.bytes)).toEqual([1, 2, 3, 4, 5]);
    expect(decoded.wide[0]).toBe(Math.PI);
    expect(decoded.name).toBe('peaks');
  });

  it('encodes only the bytes of a view, not the whole buffer behind it', () => {
    const big = new Uint8Array(1 << 20);
    const view = big.subarray(100, 108);
    view.set([9, 8, 7, 6, 5, 4, 3, 2]);
    const frame = encodeMessage({ pcm: view }) as Uint8Array;
    expect(frame.byteLength).toBeLessThan(200);
    expect(Array.from((decodeMessage(frame) as { pcm: Uint8Array }).pcm)).toEqual([9, 8, 7, 6, 5, 4, 3, 2]);
  });

  it('treats a Node Buffer as the bytes it holds', () => {
    const decoded = decodeMessage(encodeMessage({ bytes: Buffer.from([7, 7, 7]) })) as { bytes: Uint8Array };
    expect(Array.from(decoded.bytes)).toEqual([7, 7, 7]);
  });

  it('reads frames that arrive at an unaligned offset of a larger buffer (Node pools socket buffers)', () => {
    const frame = encodeMessage({ samples: new Float32Array([0.5, -0.5]) }) as Uint8Array;
    const pool = new Uint8Array(frame.byteLength + 3);
    pool.set(frame, 3);
    const decoded = decodeMessage(pool.subarray(3)) as { samples: Float32Array };
    expect(Array.from(decoded.samples)).toEqual([0.5, -0.5]);
  });

  it('rejects frames whose placeholders point outside the frame or name an unknown kind', () => {
    const forge = (placeholder: unknown[]) => {
      const json = new TextEncoder().encode(JSON.stringify({ x: { $bin: placeholder } }));
      const frame = new Uint8Array(8 + json.byteLength + 16);
      new DataView(frame.buffer).setUint32(0, json.byteLength, true);
      frame.set(json, 4);
      return frame;
    };
    expect(() => decodeMessage(forge(['Uint8Array', 0, 1_000_000]))).toThrow(/overruns/);
    expect(() => decodeMessage(forge(['BigInt64Array', 0, 1]))).toThrow(/Unknown array kind/);
    expect(() => decodeMessage(forge(['Uint8Array', -8, 1]))).toThrow(/Bad array placeholder/);
    expect(() => decodeMessage(new Uint8Array([255, 255, 0, 0, 1]))).toThrow(/overruns/);
  });
});
