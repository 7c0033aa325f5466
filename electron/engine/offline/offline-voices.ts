import type { Voice } from '../../../shared/voices';
import { StudioError } from '../../../shared/errors';
import type { FliteVoice } from './flite';

const ID_PREFIX = 'offline:';

function offlineVoice(flite: FliteVoice, fields: Pick<Voice, 'name' | 'description' | 'gender' | 'accent'>): Voice {
  return { id: ID_PREFIX + flite, languages: ['en'], styles: [], type: 'OFFLINE', provider: 'offline', ...fields };
}

/** The voices compiled into the embedded Flite engine, described as what they are. */
export const OFFLINE_VOICES: readonly Voice[] = [
  offlineVoice('slt', {
    name: 'SLT (offline)',
    description: 'Flite statistical-parametric voice built from the CMU ARCTIC "slt" recordings. 16 kHz.',
    gender: 'Female',
    accent: 'American (US)',
  }),
  offlineVoice('rms', {
    name: 'RMS (offline)',
    description: 'Flite statistical-parametric voice built from the CMU ARCTIC "rms" recordings. 16 kHz.',
    gender: 'Male',
    accent: 'American (US)',
  }),
  offlineVoice('awb', {
    name: 'AWB (offline)',
    description: 'Flite statistical-parametric voice built from the CMU ARCTIC "awb" recordings. 16 kHz.',
    gender: 'Male',
    accent: 'Scottish',
  }),
  offlineVoice('kal16', {
    name: 'Kal (offline, 16 kHz)',
    description: "Flite's classic diphone voice: clear but robotic. 16 kHz.",
    gender: 'Male',
    accent: 'American (US)',
  }),
  offlineVoice('kal', {
    name: 'Kal (offline, 8 kHz)',
    description: "Flite's smallest diphone voice, telephone quality. 8 kHz.",
    gender: 'Male',
    accent: 'American (US)',
  }),
];

/** The Flite voice behind an offline voice id; an unknown id is the caller's mistake (BAD_INPUT). */
export function fliteVoiceFor(voiceId: string): FliteVoice {
  const voice = OFFLINE_VOICES.find((v) => v.id === voiceId);
  if (!voice) {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `The offline engine has no voice "${voiceId}".`,
      hint: `Choose one of: ${OFFLINE_VOICES.map((v) => v.id).join(', ')}.`,
    });
  }
  return voice.id.slice(ID_PREFIX.length) as FliteVoice;
}
