import { describe, expect, it } from 'vitest';
import { digitsToWords, ipaToRespelling } from '../../../electron/engine/offline/spoken-form';

describe('digitsToWords', () => {
  it('names every digit and keeps separator groups apart', () => {
    expect(digitsToWords('(123) 456-7890')).toBe('one two three, four five six, seven eight nine zero');
  });

  it('keeps letters and a leading plus', () => {
    expect(digitsToWords('+1 A7')).toBe('plus one, A seven');
  });

  it('gives nothing for text without digits or letters', () => {
    expect(digitsToWords(' -() ')).toBe('');
  });
});

describe('ipaToRespelling', () => {
  it('respells diphthongs, affricates and syllables', () => {
    expect(ipaToRespelling('ˈeɪ.sɪŋk')).toBe('ay singk');
    expect(ipaToRespelling('ˈtʃɜːtʃ')).toBe('cherch');
    expect(ipaToRespelling('ðə ˈjɛloʊ')).toBe('thuh yeloh');
  });

  it('drops stress marks, diacritics and symbols without an English counterpart', () => {
    expect(ipaToRespelling('ˌʔã')).toBe('ah');
    expect(ipaToRespelling('ʘ')).toBe('');
  });
});
