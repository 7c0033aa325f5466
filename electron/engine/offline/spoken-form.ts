/**
 * Turns the API's markup elements into text Flite can read: Flite speaks English text only, so
 * `<digits>` becomes digit names and `<phonemes>` (IPA, which Flite cannot read) becomes an
 * English-like respelling that Flite's letter-to-sound rules pronounce approximately.
 */
const DIGIT_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/**
 * Spells digits one by one, as `<digits>` asks: "(123) 456-7890" → "one two three, four five six,
 * seven eight nine zero". Separators become a comma so the groups keep a short pause between them.
 */
export function digitsToWords(text: string): string {
  const groups: string[][] = [[]];
  for (const ch of text) {
    const current = groups[groups.length - 1]!;
    if (ch >= '0' && ch <= '9') current.push(DIGIT_NAMES[Number(ch)]!);
    else if (ch === '+') current.push('plus');
    else if (/\p{L}/u.test(ch)) current.push(ch);
    else if (current.length) groups.push([]);
  }
  return groups
    .filter((g) => g.length)
    .map((g) => g.join(' '))
    .join(', ');
}

/** IPA symbols and sequences with the English spelling that sounds closest; longest first. */
const IPA_RESPELLING: ReadonlyArray<readonly [string, string]> = [
  ['tʃ', 'ch'],
  ['dʒ', 'j'],
  ['eɪ', 'ay'],
  ['aɪ', 'eye'],
  ['ɔɪ', 'oy'],
  ['aʊ', 'ow'],
  ['oʊ', 'oh'],
  ['əʊ', 'oh'],
  ['ɪə', 'eer'],
  ['ɛə', 'air'],
  ['ʊə', 'oor'],
  ['iː', 'ee'],
  ['uː', 'oo'],
  ['ɑː', 'ah'],
  ['ɔː', 'aw'],
  ['ɜː', 'er'],
  ['i', 'ee'],
  ['ɪ', 'i'],
  ['e', 'e'],
  ['ɛ', 'e'],
  ['æ', 'a'],
  ['a', 'ah'],
  ['ɑ', 'ah'],
  ['ɒ', 'o'],
  ['ɔ', 'aw'],
  ['o', 'oh'],
  ['ʊ', 'oo'],
  ['u', 'oo'],
  ['ʌ', 'uh'],
  ['ə', 'uh'],
  ['ɐ', 'uh'],
  ['ɚ', 'er'],
  ['ɝ', 'er'],
  ['ɜ', 'er'],
  ['y', 'ew'],
  ['p', 'p'],
  ['b', 'b'],
  ['t', 't'],
  ['d', 'd'],
  ['k', 'k'],
  ['g', 'g'],
  ['ɡ', 'g'],
  ['f', 'f'],
  ['v', 'v'],
  ['θ', 'th'],
  ['ð', 'th'],
  ['s', 's'],
  ['z', 'z'],
  ['ʃ', 'sh'],
  ['ʒ', 'zh'],
  ['h', 'h'],
  ['x', 'kh'],
  ['ç', 'h'],
  ['m', 'm'],
  ['n', 'n'],
  ['ŋ', 'ng'],
  ['ɲ', 'ny'],
  ['l', 'l'],
  ['ɫ', 'l'],
  ['ɹ', 'r'],
  ['r', 'r'],
  ['ɾ', 'd'],
  ['w', 'w'],
  ['j', 'y'],
];

/**
 * Respells IPA as English-like letters, one word per syllable group: "ˈeɪ.sɪŋk" → "ay singk".
 * Stress and length marks and diacritics are dropped; symbols with no English counterpart are
 * skipped. An approximation by design: it keeps the word audible instead of silent.
 */
export function ipaToRespelling(ipa: string): string {
  const words: string[] = [];
  for (const syllable of ipa.normalize('NFD').split(/[\s.‿]+/)) {
    let out = '';
    let rest = syllable.replace(/[\u0300-\u036fˈˌ]/g, '');
    while (rest) {
      const hit = IPA_RESPELLING.find(([symbol]) => rest.startsWith(symbol));
      if (hit) {
        out += hit[1];
        rest = rest.slice(hit[0].length);
      } else {
        rest = rest.slice(1);
      }
    }
    if (out) words.push(out);
  }
  return words.join(' ');
}
