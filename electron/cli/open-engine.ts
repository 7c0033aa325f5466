import type { Transport } from '../../shared/synthesis';
import { openEngine, type OpenedEngine } from '../engine/create-provider';
import { choiceFlag } from './args';
import type { CliContext } from './context';

/** Opens the engine the command line asks for (--engine, --api-url, --ws-url), the same way for every command. */
export function openCliEngine(ctx: CliContext, transport: Transport): Promise<OpenedEngine> {
  const { values } = ctx;
  return openEngine({
    requested: choiceFlag(values, 'engine', ['async', 'offline'] as const),
    transport,
    env: ctx.env,
    apiUrl: values['api-url'],
    wsUrl: values['ws-url'],
  });
}
