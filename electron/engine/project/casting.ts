import type { StreamRequest } from '../../../shared/ipc-contract';
import type { LexiconEntry } from '../../../shared/lexicon';
import { applyLexicon, type CompiledLexicon } from '../lexicon/apply-lexicon';
import { blockCacheKey } from '../render-cache/render-cache-key';
import type { StreamSink } from '../studio/dispatch';
import { cachedLoad } from '../studio/promise-cache';
import { sendStoredPcm } from '../studio/take-replay';
import type { BlockSynthesizer, RenderedBlock } from './render-block';
import { PROJECT_RENDER_FORMAT } from './take-files';

/** Candidates kept for replay: a casting grid is a few lines times a few voices. */
const CANDIDATES_KEPT = 20;

export interface Casting {
  /** `casting:play`: the line in the candidate voice, synthesised once and replayed from memory after that. */
  play(request: StreamRequest<'casting:play'>, sink: StreamSink): Promise<void>;
  /** Stops candidates being synthesised. */
  close(): void;
}

/**
 * The casting grid's player. A candidate is rendered exactly as a block would be (the open
 * project's lexicon, the project render format), keyed by the render-cache key of those inputs,
 * so playing it again, or another cell with the same line and voice, sends no request. A listener
 * who stops early does not cancel the synthesis: the line is short and the next play is free.
 */
export function createCasting(options: {
  synthesize: BlockSynthesizer;
  /** The open project's lexicon, or none. */
  lexicon: () => readonly LexiconEntry[] | CompiledLexicon;
}): Casting {
  const candidates = new Map<string, Promise<RenderedBlock>>();
  const stop = new AbortController();
  return {
    async play({ text, voice }, sink) {
      const lexicon = options.lexicon();
      const cacheKey = blockCacheKey({ text }, voice, lexicon, PROJECT_RENDER_FORMAT);
      const rendered = await cachedLoad(candidates, cacheKey, CANDIDATES_KEPT, () =>
        options.synthesize(
          { blockId: 'casting', cacheKey, text: applyLexicon(text, lexicon).sent, voice, regenerate: false },
          stop.signal,
        ),
      );
      const { pcm, sampleRate } = rendered.audio;
      sink.send({ type: 'format', playId: cacheKey, sampleRate, engine: voice.engine });
      if (!(await sendStoredPcm(sink, pcm, sampleRate, 0))) return;
      sink.send({ type: 'done', takeId: null });
    },
    close() {
      stop.abort();
      candidates.clear();
    },
  };
}
