import { cpus } from 'node:os';
import { benchLoudness, benchMp3VsLame, benchResample } from './audio-bench';
import { benchWsClient } from './ws-bench';
import { benchOpenProject, benchProjectExport } from './project-bench';
import { SYNTHESIS_LEAD_MS } from '../../electron/engine/studio/play-session';
import {
  benchChunkLatency,
  benchLiveWaveform,
  benchLongTake,
  prepareStudioBench,
  studioBenchUnavailable,
} from './studio-bench';

/**
 * `npm run bench`: speed figures from one run on loopback, each beside a reference measured in the
 * same run, because these machines are too noisy for absolute numbers (and for timed tests).
 */
const f = (n: number, digits = 1) => n.toFixed(digits);
const line = (s = '') => process.stdout.write(`${s}\n`);

line(`Async Voice Studio benchmarks — node ${process.version}, ${cpus().length} cores, ${new Date().toISOString()}`);
line();

const ws = await benchWsClient();
line(
  `WebSocket client: audio frame arriving → PCM ready (${ws.frames} frames, ${f(ws.audioSeconds)} s of 44.1 kHz audio)`,
);
line(`  studio client           median ${f(ws.clientMedianUs)} µs   p95 ${f(ws.clientP95Us)} µs`);
line(`  bare ws, base64 only    median ${f(ws.bareMedianUs)} µs   p95 ${f(ws.bareP95Us)} µs`);
line(`  ratio                   ${f(ws.ratio, 2)}× (the client also decodes to float PCM and routes by context)`);
line(`Client CPU per second of audio (simulator in its own process)`);
line(
  `  studio client ${f(ws.clientCpuMsPerAudioSecond, 2)} ms, bare reference ${f(ws.bareCpuMsPerAudioSecond, 2)} ms, ` +
    `ratio ${f(ws.clientCpuMsPerAudioSecond / ws.bareCpuMsPerAudioSecond, 2)}×`,
);
line();

const mp3 = await benchMp3VsLame();
line(`MP3 encoding, ${f(mp3.audioSeconds)} s of speech at 192 kbit/s CBR`);
line(`  WASM LAME (ours)        ${f(mp3.oursSeconds, 2)} s (${f(mp3.oursTimesRealtime, 0)}× realtime)`);
if ('lameSeconds' in mp3 && mp3.lameSeconds !== undefined) {
  line(`  lame command            ${f(mp3.lameSeconds, 2)} s (${mp3.lame})`);
  line(`  ratio                   ${f(mp3.oursOverLame!, 2)}× the native encoder's time`);
} else line(`  lame command            ${mp3.lame}`);
line();

const loud = await benchLoudness();
line(`Loudness, ${f(loud.audioSeconds, 0)} s of speech`);
line(`  BS.1770-4 analysis (integrated, range, true peak)   ${f(loud.analysisTimesRealtime, 0)}× realtime`);
line(
  `  normalise to −16 LUFS / −1 dBTP                    ${f(loud.normalizeTimesRealtime, 0)}× realtime ` +
    `(landed at ${f(loud.normalizedLufs, 2)} LUFS, ${f(loud.normalizedTruePeakDbtp, 2)} dBTP)`,
);
const rs = await benchResample();
line(`Resampling 16 kHz → 44.1 kHz, ${f(rs.audioSeconds, 0)} s   ${f(rs.timesRealtime, 0)}× realtime`);
line();

/** Runs one benchmark; an error (not a slow figure) is printed and fails the run, and the others still run. */
async function attempt(title: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    line(`${title}: failed — ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

const ms = (n: number | null) => (n === null ? '—' : `${f(n)} ms`);
const unavailable = studioBenchUnavailable();
if (unavailable) {
  line(`Studio in Chromium (web shell + simulator): skipped, ${unavailable}`);
} else {
  await prepareStudioBench();

  await attempt('Chunk to scheduled playback', async () => {
    const r = await benchChunkLatency();
    line(
      'Renderer: chunk reaching the renderer → its scheduled playback (web shell, simulator over WebSocket, Chromium)',
    );
    line(
      `  first chunk of a stream   median ${ms(r.firstChunk.medianMs)}   p95 ${ms(r.firstChunk.p95Ms)}   (${r.firstChunk.count} plays)`,
    );
    line(
      `  reference: handling alone (decode, AudioBuffer, schedule)   median ${ms(r.handling.medianMs)}   p95 ${ms(r.handling.p95Ms)}`,
    );
    if (r.firstChunk.medianMs !== null && r.handling.medianMs !== null) {
      line(
        `  the rest, ${ms(r.firstChunk.medianMs - r.handling.medianMs)}, is the player's deliberate safety lead ` +
          '(a stream starts that far ahead so no buffer is scheduled in the past)',
      );
    }
    const queued = (n: number | null) => (n === null ? '—' : `${f(n / 1000)} s`);
    line(
      `  every chunk of a ${r.steadySeconds} s play   median ${queued(r.steadyAllChunks.medianMs)}   ` +
        `p95 ${queued(r.steadyAllChunks.p95Ms)}   max ${queued(r.steadyAllChunks.maxMs)}`,
    );
    line(
      `    (audio already queued ahead of it: synthesis outruns playback, and the engine keeps it at most ` +
        `${SYNTHESIS_LEAD_MS / 1000} s ahead)`,
    );
  });
  line();

  await attempt('One-hour take', async () => {
    const r = await benchLongTake();
    line(
      `One-hour take (${f(r.takeSeconds / 60, 0)} min, ${f(r.pcmMb, 0)} MB of float PCM at ${f(r.sampleRate / 1000)} kHz) in the studio`,
    );
    line(
      `  waveform shown          ${f(r.waveformMs / 1000, 2)} s from the click ` +
        `(of which the takes:peaks round trip ${f(r.peaksRoundTripMs / 1000, 2)} s, ${r.peakBins} bins)`,
    );
    line(
      `  reference: takes:peaks in the engine   ${f(r.enginePeaksColdMs / 1000, 2)} s with the WAV read and parsed, ` +
        `${f(r.enginePeaksWarmMs / 1000, 2)} s with the audio cached`,
    );
    const mb = (n: number | null) => (n === null ? '—' : `${f(n)} MB`);
    line(
      `  renderer JS heap after GC      before ${mb(r.heapMb.before)}   shown ${mb(r.heapMb.shown)}   ` +
        `replaying ${mb(r.heapMb.replaying)}`,
    );
    line(
      `  renderer ArrayBuffers          before ${mb(r.backingStoresMb.before)}   shown ${mb(r.backingStoresMb.shown)}   ` +
        `replaying ${mb(r.backingStoresMb.replaying)}   (reference: the take's raw PCM, ${f(r.pcmMb, 0)} MB)`,
    );
  });
  line();

  await attempt('Live waveform', async () => {
    const r = await benchLiveWaveform();
    line('Live waveform: main-thread time per redraw (every 150 ms) as a live take grows to an hour');
    line("  (stand-in stream at about 60× real time through the renderer's live path; the feed's own work included)");
    const marks = [60, 600, 1800, 3300].map((mark) => r.samples.find((s) => s.takeSeconds >= mark - 1));
    for (const at of new Set(marks)) {
      if (!at) continue;
      line(
        `  at ${f(at.takeSeconds / 60, 0).padStart(2)} min   ${ms(at.busyMsPerRedraw)} per redraw ` +
          `(style and layout ${ms(at.layoutMsPerRedraw)}, ${at.redraws} redraws sampled)`,
      );
    }
    const last = r.samples.at(-1);
    if (!last || last.takeSeconds < 3599) {
      line(
        `  stopped at ${f((last?.takeSeconds ?? 0) / 60, 0)} min after ${f(r.wallSeconds, 0)} s: the page could not keep up`,
      );
    } else line(`  an hour of live take shown in ${f(r.wallSeconds, 0)} s`);
  });
}
line();

await attempt('Projects', async () => {
  const ex = await benchProjectExport();
  line(
    `Export a one-hour project (${ex.chapters} chapters × ${ex.blocks / ex.chapters} blocks, ${f(ex.audioSeconds / 60, 0)} min) ` +
      'to MP3, podcast preset, SRT and WebVTT',
  );
  line(
    `  export                  ${f(ex.exportSeconds)} s (${f(ex.timesRealtime, 0)}× realtime; ${ex.files} files, ` +
      `${f(ex.integratedLufs, 1)} LUFS, report ${ex.passed ? 'passed' : 'FAILED'})`,
  );
  line(
    `  reference: encodeAudioFile on the hour already assembled   ${f(ex.referenceSeconds)} s   ratio ${f(ex.ratio, 2)}×`,
  );
  const mb = (n: number) => `${f(n, 0)} MB`;
  line(
    `  peak memory             RSS ${mb(ex.peak.rssMb)} (${mb(ex.before.rssMb)} before)   JS heap ${mb(ex.peak.heapMb)}   ` +
      `ArrayBuffers ${mb(ex.peak.arrayBuffersMb)}`,
  );
  line(
    `  reference: read, assemble, encode   ArrayBuffers ${mb(ex.referencePeak.arrayBuffersMb)}   ` +
      `(one float copy of the hour is ${mb(ex.pcmMb)}; the export holds the takes' audio once and never assembles it)`,
  );
  const open = await benchOpenProject();
  line(
    `Open a project of ${open.blocks.toLocaleString('en')} blocks (${open.takes.toLocaleString('en')} takes, ` +
      `${f(open.fileMb)} MB project.json)   median ${f(open.openMedianMs)} ms of ${open.runs}   ` +
      `reference: read + JSON.parse ${f(open.parseMedianMs)} ms`,
  );
});
