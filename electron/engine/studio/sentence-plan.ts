import type { TextPiece } from '../../../shared/synthesis';

/**
 * Splits aggregated pieces into sentences (a piece with `sentenceEnd` closes one), dropping blank
 * ones as every provider does, so sentence `i` here is the provider's sentence `i`. A play can then
 * hand a provider the sentences from any point on and know which sentence each event belongs to.
 */
export function splitSentences(pieces: readonly TextPiece[]): TextPiece[][] {
  const sentences: TextPiece[][] = [];
  let current: TextPiece[] = [];
  const close = () => {
    if (current.some((piece) => piece.text.trim())) sentences.push(current);
    current = [];
  };
  for (const piece of pieces) {
    current.push(piece);
    if (piece.sentenceEnd) close();
  }
  close();
  return sentences;
}
