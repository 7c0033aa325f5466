import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';
import { DEFAULT_VOICE_ID, DEFAULT_MODEL_ID } from '../../shared/models';
import type { SynthesisSettings } from '../../shared/synthesis';
import { AsyncHttpClient } from '../../electron/engine/async/http-client';
import { AsyncWsProvider } from '../../electron/engine/async/ws-provider';
import { aggregateText } from '../../electron/engine/async/text-aggregator';
import type { AsyncConfig } from '../../electron/engine/async/config';
import { startSimulatorProcess } from './sim-process';
import { percentile } from './measure';

/** About forty seconds of narration in eight sentences. */
const SCRIPT = [
  'The harbour was quiet in the hour before dawn, and the gulls had not yet begun to argue.',
  'Mara carried the lantern down the stone steps, counting each one under her breath.',
  'At the bottom, the water lapped against the hull of a boat she had never seen before.',
  'Its name had been painted over, twice, and the second coat was already peeling.',
  'She set the lantern down, knelt at the edge, and read the letters underneath.',
  'They spelled her grandmother’s name, in a hand she knew from the recipes in the kitchen drawer.',
  'Somewhere above her, a door opened and closed, and footsteps crossed the empty square.',
  'Mara put out the light and waited, listening to the tide decide which way to go.',
].join(' ');

const SETTINGS: SynthesisSettings = {
  voiceId: DEFAULT_VOICE_ID,
  modelId: DEFAULT_MODEL_ID,
  language: null,
  output: { container: 'raw', encoding: 'pcm_s16le', sampleRate: 44100 },
};

export interface WsBenchResult {
  frames: number;
  audioSeconds: number;
  clientMedianUs: number;
  clientP95Us: number;
  bareMedianUs: number;
  bareP95Us: number;
  /** Client frame-to-PCM time over the bare base64 decode, medians. */
  ratio: number;
  clientCpuMsPerAudioSecond: number;
  bareCpuMsPerAudioSecond: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/** The project's WebSocket client: frame arrival to decoded PCM, and CPU per second of audio. */
async function runClient(config: AsyncConfig): Promise<{ times: number[]; audioSeconds: number; cpu: number }> {
  const times: number[] = [];
  const provider = new AsyncWsProvider(config, {
    http: new AsyncHttpClient(config),
    onAudioTiming: (t) => times.push((t.readyAt - t.arrivedAt) * 1000),
  });
  let audioSeconds = 0;
  const cpu = process.cpuUsage();
  for await (const event of provider.synthesize(aggregateText(SCRIPT), { settings: () => SETTINGS })) {
    if (event.type === 'sentence-end') audioSeconds += event.metrics.audioSeconds;
  }
  const used = cpuMs(cpu);
  await provider.close();
  return { times, audioSeconds, cpu: used };
}

/** The reference: a bare `ws` client that sends the same sentences and only base64-decodes the frames. */
async function runBare(config: AsyncConfig): Promise<{ times: number[]; audioSeconds: number; cpu: number }> {
  const url = `${config.wsUrl}?api_key=${encodeURIComponent(config.apiKey)}&version=v1`;
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const sentences = aggregateText(SCRIPT).map((p) => p.text.trim());
  const times: number[] = [];
  let bytes = 0;
  const cpu = process.cpuUsage();
  const pending = new Set<string>();
  const done = new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const arrived = performance.now();
      const frame = JSON.parse(data.toString()) as { context_id: string; audio?: string; final?: boolean };
      if (frame.audio) {
        bytes += Buffer.from(frame.audio, 'base64').byteLength;
        times.push((performance.now() - arrived) * 1000);
      }
      if (frame.final) {
        pending.delete(frame.context_id);
        if (pending.size === 0) resolve();
      }
    });
  });
  socket.send(
    JSON.stringify({
      model_id: SETTINGS.modelId,
      voice: { mode: 'id', id: SETTINGS.voiceId },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 44100 },
    }),
  );
  for (const sentence of sentences) {
    const id = randomUUID();
    pending.add(id);
    socket.send(JSON.stringify({ transcript: `${sentence} `, context_id: id, force: true }));
    socket.send(JSON.stringify({ context_id: id, close_context: true, transcript: '' }));
  }
  await done;
  const used = cpuMs(cpu);
  socket.close();
  return { times, audioSeconds: bytes / 2 / 44100, cpu: used };
}

/** Frame-to-PCM latency and CPU of the WebSocket client against the bare reference, same server, same run. */
export async function benchWsClient(): Promise<WsBenchResult> {
  const sim = await startSimulatorProcess({ realtimeFactor: 'Infinity', firstAudioMs: 0 });
  try {
    const config: AsyncConfig = { apiKey: sim.apiKey, httpUrl: sim.httpUrl, wsUrl: sim.wsUrl, apiVersion: 'v1' };
    await runBare(config); // warms the simulator's speech cache and both code paths
    await runClient(config);
    const bare = await runBare(config);
    const client = await runClient(config);
    const clientMedianUs = percentile(client.times, 0.5);
    const bareMedianUs = percentile(bare.times, 0.5);
    return {
      frames: client.times.length,
      audioSeconds: client.audioSeconds,
      clientMedianUs,
      clientP95Us: percentile(client.times, 0.95),
      bareMedianUs,
      bareP95Us: percentile(bare.times, 0.95),
      ratio: clientMedianUs / bareMedianUs,
      clientCpuMsPerAudioSecond: client.cpu / client.audioSeconds,
      bareCpuMsPerAudioSecond: bare.cpu / bare.audioSeconds,
    };
  } finally {
    await sim.stop();
  }
}
