import { MODELS } from '../../shared/models';
import { languageName } from '../../shared/languages';
import type { CliContext } from './context';

/** `voice-studio models`: what each model speaks, where it runs and what it costs. */
export async function modelsCommand(ctx: CliContext): Promise<number> {
  if (ctx.values.json) {
    ctx.stdout.write(JSON.stringify(MODELS, null, 2) + '\n');
    return 0;
  }
  for (const m of MODELS) {
    const controls = [m.controls.speed && 'speed', m.controls.stability && 'stability'].filter(Boolean).join(', ');
    ctx.stdout.write(
      `${m.id}  ${m.label}  $${m.pricePerHourUsd.toFixed(2)}/hour of audio\n` +
        `  languages: ${m.languages.map(languageName).join(', ')}\n` +
        `  endpoints: ${m.endpoints.join(', ')}\n` +
        `  controls:  ${controls || 'none'}\n`,
    );
  }
  return 0;
}
