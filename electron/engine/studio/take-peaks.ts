import type { InvokeRequest, InvokeResponses } from '../../../shared/ipc-contract';
import { computePeaks } from '../audio/peaks';
import type { TakeStore } from './take-store';

/** `takes:peaks`: the waveform of a stored take at the zoom the view asks for. */
export async function takePeaks(
  takes: TakeStore,
  { takeId, samplesPerPeak }: InvokeRequest<'takes:peaks'>,
): Promise<InvokeResponses['takes:peaks']> {
  const { pcm, sampleRate } = await takes.audio(takeId);
  return { ...computePeaks(pcm, samplesPerPeak), samplesPerPeak, sampleRate };
}
