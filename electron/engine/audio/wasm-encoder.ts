/**
 * Loads the LAME and Vorbis encoders of `wasm-media-encoders` from the package's own .wasm files
 * (offline, no data-URL decoding), compiling each module once per process, and feeds them.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createEncoder, type WasmMediaEncoder } from 'wasm-media-encoders';

type EncoderMime = 'audio/mpeg' | 'audio/ogg';

const WASM_ENTRY: Record<EncoderMime, string> = {
  'audio/mpeg': 'wasm-media-encoders/wasm/mp3',
  'audio/ogg': 'wasm-media-encoders/wasm/ogg',
};

/** Compiled modules, kept from the first instantiation of each (compiling LAME takes tens of ms). */
const compiled = new Map<EncoderMime, WebAssembly.Module>();

/** A fresh encoder instance (its own WASM memory) of the given type. */
export async function openWasmEncoder<M extends EncoderMime>(mime: M): Promise<WasmMediaEncoder<M>> {
  const module = compiled.get(mime);
  if (module) return createEncoder(mime, module);
  const bytes = await readFile(createRequire(import.meta.url).resolve(WASM_ENTRY[mime]));
  return createEncoder(mime, bytes, (module) => compiled.set(mime, module));
}

/** The encoder copies each input into its WASM memory: slices bound that copy for long inputs. */
const SLICE = 1 << 16;

/** Encoded output gathered in parts (each copied out of WASM memory, which the encoder reuses). */
export class EncodedParts {
  private readonly parts: Uint8Array[] = [];
  length = 0;

  add(view: Uint8Array): void {
    if (view.length === 0) return;
    this.parts.push(view.slice());
    this.length += view.length;
  }

  /** Feeds mono samples to the encoder in slices, keeping what it returns. */
  encode(encoder: WasmMediaEncoder<EncoderMime>, pcm: Float32Array): void {
    for (let i = 0; i < pcm.length; i += SLICE) this.add(encoder.encode([pcm.subarray(i, i + SLICE)]));
  }

  /** The first `n` bytes gathered so far (fewer if there are not that many). */
  head(n: number): Uint8Array {
    const out = new Uint8Array(Math.min(n, this.length));
    let at = 0;
    for (const part of this.parts) {
      if (at === out.length) break;
      const take = part.subarray(0, out.length - at);
      out.set(take, at);
      at += take.length;
    }
    return out;
  }

  /** Copies the parts into `out` from `offset`, releasing them. */
  moveInto(out: Uint8Array, offset: number): void {
    let at = offset;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    this.parts.length = 0;
  }
}
