import type { Voice, VoiceFilter } from '../../shared/voices';
import type { CliContext } from './context';
import { openCliEngine } from './open-engine';

/** `voice-studio voices`: the whole catalogue across pages, as a table or as JSON. */
export async function voicesCommand(ctx: CliContext): Promise<number> {
  const { values } = ctx;
  const engine = await openCliEngine(ctx, 'http');
  if (engine.notice && !values.quiet && !values.json) ctx.stderr.write(`${engine.notice}\n`);
  try {
    const filter: VoiceFilter = {
      language: values.language,
      gender: values.gender,
      accent: values.accent,
      style: values.style,
    };
    const voices = await engine.provider.listVoices(filter);
    ctx.stdout.write(values.json ? JSON.stringify(voices, null, 2) + '\n' : formatTable(voices));
    return 0;
  } finally {
    await engine.provider.close();
  }
}

function formatTable(voices: Voice[]): string {
  if (voices.length === 0) return 'No voices match.\n';
  const rows = voices.map((v) => [v.id, v.name, v.gender, v.languages.join(','), v.accent, v.styles.join(', ')]);
  const header = ['ID', 'NAME', 'GENDER', 'LANGUAGES', 'ACCENT', 'STYLE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + `\n${voices.length} voices\n`;
}
