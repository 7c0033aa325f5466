import { cpus } from 'node:os';
import { benchLoudness, benchMp3VsLame, benchResample } from './audio-bench';
import { benchWsClient } from './ws-bench';

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
