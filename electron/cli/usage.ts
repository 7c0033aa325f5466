export const USAGE = `Usage: voice-studio <command> [options]

Commands:
  say [TEXT]        Speak TEXT (or --file) and write an audio file
  voices            List voices
  models            List models with their languages, endpoints and controls

say options:
  --file PATH             Read the script from a file ("-" for standard input)
  --out FILE              Output file: .wav, .mp3 or .ogg (required)
  --voice ID              Voice id (see "voice-studio voices")
  --model ID              Model id (default async_flash_v1.0)
  --language CODE         Force a language (default: auto-detect)
  --transport ws|http     WebSocket streaming (default) or HTTP streaming
  --sample-rate N         8000–48000 Hz (default 44100)
  --encoding E            pcm_s16le (default), pcm_f32le or pcm_mulaw on the wire
  --aggregation sentence|token   How text is sent (default sentence)
  --speed X               0.7–2.0 (async_flash_v1.0 only)
  --stability N           0–100 (async_flash_v1.0 only)
  --normalize LUFS        Normalise loudness, e.g. -16 (true peak at most -1 dBTP)
  --engine async|offline  Async API (default with a key) or the embedded offline engine

voices options:
  --language L  --gender G  --accent A  --style S  --json  --engine async|offline

Common options:
  --api-url URL           HTTP API base (or ASYNCAI_API_URL)
  --ws-url URL            WebSocket URL (or ASYNCAI_WS_URL)
  --quiet                 No progress on stderr
  --help

The API key is read from ASYNCAI_API_KEY. Without one the offline engine speaks.
Exit codes: 0 ok, 2 usage, 3 authentication, 4 network or server, 5 bad input.
`;
