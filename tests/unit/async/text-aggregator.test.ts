import { describe, expect, it } from 'vitest';
import type { TextPiece } from '../../../shared/synthesis';
import { aggregateStream, aggregateText, TextAggregator } from '../../../electron/engine/async/text-aggregator';

const sentences = (text: string) => aggregateText(text).map((p) => p.text);

/** Feeds `text` in fragments of `size` characters, as a token stream would arrive. */
function streamed(text: string, size: number, mode: 'sentence' | 'token' = 'sentence'): TextPiece[] {
  const aggregator = new TextAggregator(mode);
  const pieces: TextPiece[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(...aggregator.push(text.slice(i, i + size)));
  return [...pieces, ...aggregator.flush()];
}

/** Groups token-mode pieces back into sentences by their `sentenceEnd` marks. */
function regroup(pieces: TextPiece[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const piece of pieces) {
    current += piece.text;
    if (piece.sentenceEnd) {
      out.push(current.replace(/\s+/g, ' ').trim());
      current = '';
    }
  }
  expect(current.trim()).toBe('');
  return out;
}

const CASES: Array<[name: string, text: string, expected: string[]]> = [
  ['plain sentences', 'Hello there. How are you? Fine!', ['Hello there.', 'How are you?', 'Fine!']],
  ['no final punctuation', 'Hello there. And then', ['Hello there.', 'And then']],
  ['title abbreviations', 'Mr. Smith met Dr. Jones. They talked.', ['Mr. Smith met Dr. Jones.', 'They talked.']],
  [
    'more titles',
    'Mrs. Doe and Prof. Lee came. St. Louis is far.',
    ['Mrs. Doe and Prof. Lee came.', 'St. Louis is far.'],
  ],
  [
    'e.g. and i.e.',
    'Use a fruit, e.g. Apples. Or i.e. Pears too.',
    ['Use a fruit, e.g. Apples.', 'Or i.e. Pears too.'],
  ],
  ['dotted acronym', 'He lives in the U.S. Army base. Nice.', ['He lives in the U.S. Army base.', 'Nice.']],
  ['initials', 'J. R. R. Tolkien wrote it. Read it.', ['J. R. R. Tolkien wrote it.', 'Read it.']],
  ['etc. before lower case', 'Apples, pears, etc. are fruit. Yes.', ['Apples, pears, etc. are fruit.', 'Yes.']],
  [
    'etc. ending a sentence',
    'We bought apples, pears, etc. Then we left.',
    ['We bought apples, pears, etc.', 'Then we left.'],
  ],
  ['decimals', 'Pi is 3.14 exactly. Not 3. Really.', ['Pi is 3.14 exactly.', 'Not 3.', 'Really.']],
  ['version numbers', 'Install v1.2.3 now. Done.', ['Install v1.2.3 now.', 'Done.']],
  ['URLs', 'Visit https://example.com/a.b?c=1. Then log in.', ['Visit https://example.com/a.b?c=1.', 'Then log in.']],
  ['domain at sentence end', 'Go to example.com. It works.', ['Go to example.com.', 'It works.']],
  ['time abbreviation', 'Come at 10 a.m. Bring food. Thanks.', ['Come at 10 a.m. Bring food.', 'Thanks.']],
  [
    'number prefix',
    'See No. 5 and Fig. 3 here. The end is no. Really.',
    ['See No. 5 and Fig. 3 here.', 'The end is no.', 'Really.'],
  ],
  ['numbered list item', '1. Mix the flour. 2. Bake it.', ['1. Mix the flour.', '2. Bake it.']],
  ['year at sentence end', 'It was 1999. Then came 2000.', ['It was 1999.', 'Then came 2000.']],
  ['ellipsis then lower case', 'Wait... and then it stopped. Odd.', ['Wait... and then it stopped.', 'Odd.']],
  ['ellipsis then upper case', 'Wait... Then it stopped.', ['Wait...', 'Then it stopped.']],
  ['unicode ellipsis', 'Hmm… Maybe. Hmm… maybe not.', ['Hmm…', 'Maybe.', 'Hmm… maybe not.']],
  ['?! runs', 'Really?! Yes!!! Ok?', ['Really?!', 'Yes!!!', 'Ok?']],
  ['closing quote after period', 'He said "Stop." Then he left.', ['He said "Stop."', 'Then he left.']],
  ['quote then lower case', '"Stop!" he said. "Now."', ['"Stop!" he said.', '"Now."']],
  [
    'sentences inside a quotation',
    'She said "I am done. Goodbye." and left. Ok.',
    ['She said "I am done. Goodbye." and left.', 'Ok.'],
  ],
  ['curly quotes', 'He said “Go. Now.” Then ran.', ['He said “Go. Now.”', 'Then ran.']],
  ['single curly quotes', 'He said ‘Go.’ Then ran.', ['He said ‘Go.’', 'Then ran.']],
  ['brackets', '(See above. It helps.) Next one.', ['(See above. It helps.)', 'Next one.']],
  ['period after bracket', 'It works (mostly). Try it.', ['It works (mostly).', 'Try it.']],
  ['guillemets', 'Il a dit « Non. Jamais. » Puis il partit.', ['Il a dit « Non. Jamais. »', 'Puis il partit.']],
  ['French spacing', 'Quoi ? Non ! Bon.', ['Quoi ?', 'Non !', 'Bon.']],
  ['question inside brackets', 'He left (really?) Yes. Ok.', ['He left (really?)', 'Yes.', 'Ok.']],
  ['German quotes', 'Er sagte „Nein. Nie.“ Dann ging er.', ['Er sagte „Nein. Nie.“', 'Dann ging er.']],
  ['CJK', '你好。我很好！你呢？', ['你好。', '我很好！', '你呢？']],
  ['CJK with corner brackets', '彼は「止まれ。」と言った。次へ。', ['彼は「止まれ。」と言った。', '次へ。']],
  ['fullwidth after latin', 'OK。Next？', ['OK。', 'Next？']],
  ['Hindi danda', 'नमस्ते। आप कैसे हैं?', ['नमस्ते।', 'आप कैसे हैं?']],
  ['Arabic question mark', 'كيف حالك؟ أنا بخير.', ['كيف حالك؟', 'أنا بخير.']],
  ['newline is a boundary', 'Title\nFirst line. Second line\nThird', ['Title', 'First line.', 'Second line', 'Third']],
  ['blank lines', 'One\n\n\nTwo.\r\n\r\nThree', ['One', 'Two.', 'Three']],
  ['newline resets a stray quote', 'He said "hi\nNext. Line.', ['He said "hi', 'Next.', 'Line.']],
  ['leading and trailing space', '   Hello.    Bye.   ', ['Hello.', 'Bye.']],
  ['only whitespace', ' \n \t ', []],
  ['break markup', "Wait.<break time='1s'/> Go on. Then stop.", ["Wait.<break time='1s'/>", 'Go on.', 'Then stop.']],
  ['break with spaces inside', "Hold <break time = '500ms' /> on. Ok.", ["Hold <break time = '500ms' /> on.", 'Ok.']],
  [
    'digits markup',
    'Call <digits>555. 1234. 9</digits> now. Bye.',
    ['Call <digits>555. 1234. 9</digits> now.', 'Bye.'],
  ],
  ['digits with newline inside', 'Dial <digits>12\n34</digits> now.', ['Dial <digits>12\n34</digits> now.']],
  [
    'phonemes markup',
    'Say <phonemes>ˈeɪ. sɪŋk</phonemes> right. Good.',
    ['Say <phonemes>ˈeɪ. sɪŋk</phonemes> right.', 'Good.'],
  ],
  ['not markup', 'x < yz is true. Then yz > x.', ['x < yz is true.', 'Then yz > x.']],
  ['exclamation inside a word', 'Yahoo!Mail is old. Yes.', ['Yahoo!Mail is old.', 'Yes.']],
  ['question then lower case', 'Why? because. Ok.', ['Why? because.', 'Ok.']],
  ['sentence starting with a digit', 'It costs 5 dollars. 10 is too much.', ['It costs 5 dollars.', '10 is too much.']],
];

describe('sentence aggregation', () => {
  it.each(CASES)('%s', (_name, text, expected) => {
    expect(sentences(text)).toEqual(expected);
    for (const piece of aggregateText(text)) expect(piece.sentenceEnd).toBe(true);
  });

  it.each(CASES)('%s: the same sentences whatever the stream fragmentation', (_name, text, expected) => {
    for (const size of [1, 2, 3, 5, 8]) {
      expect(streamed(text, size).map((p) => p.text)).toEqual(expected);
    }
  });

  it('returns a sentence from push as soon as what follows decides it', () => {
    const aggregator = new TextAggregator();
    expect(aggregator.push('Hello there.')).toEqual([]);
    expect(aggregator.push(' ')).toEqual([]);
    expect(aggregator.push('How')).toEqual([{ text: 'Hello there.', sentenceEnd: true }]);
    expect(aggregator.push(' are you')).toEqual([]);
    expect(aggregator.flush()).toEqual([{ text: 'How are you', sentenceEnd: true }]);
    expect(aggregator.flush()).toEqual([]);
  });

  it('waits on an abbreviation and a decimal until the next characters arrive', () => {
    const aggregator = new TextAggregator();
    expect(aggregator.push('Ask Dr.')).toEqual([]);
    expect(aggregator.push(' ')).toEqual([]);
    expect(aggregator.push('Who. It')).toEqual([{ text: 'Ask Dr. Who.', sentenceEnd: true }]);
    expect(aggregator.push(' is 3.')).toEqual([]);
    expect(aggregator.push('5 km. ')).toEqual([]);
    expect(aggregator.push('OK')).toEqual([{ text: 'It is 3.5 km.', sentenceEnd: true }]);
  });

  it('returns every complete sentence of a long fragment at once', () => {
    const aggregator = new TextAggregator();
    expect(aggregator.push('One. Two. Three. Fo').map((p) => p.text)).toEqual(['One.', 'Two.', 'Three.']);
    expect(aggregator.flush().map((p) => p.text)).toEqual(['Fo']);
  });

  it('takes a quotation that never closes for a stray mark after a while', () => {
    const long = 'word '.repeat(120);
    expect(sentences(`He said "${long}end. Next one. Last.`)).toEqual([`He said "${long}end.`, 'Next one.', 'Last.']);
  });

  it('does not split inside an unfinished markup element while streaming', () => {
    const aggregator = new TextAggregator();
    expect(aggregator.push('Call <digits>1. 2. ')).toEqual([]);
    expect(aggregator.push('3</digits> now. Bye')).toEqual([
      { text: 'Call <digits>1. 2. 3</digits> now.', sentenceEnd: true },
    ]);
  });
});

describe('token aggregation', () => {
  it('emits whole words as they arrive and marks the sentence ends', () => {
    const aggregator = new TextAggregator('token');
    expect(aggregator.push('Hel')).toEqual([]);
    expect(aggregator.push('lo wor')).toEqual([{ text: 'Hello ', sentenceEnd: false }]);
    expect(aggregator.push('ld, how are')).toEqual([{ text: 'world, how ', sentenceEnd: false }]);
    expect(aggregator.push(' you? ')).toEqual([{ text: 'are ', sentenceEnd: false }]);
    expect(aggregator.push('Fine')).toEqual([{ text: 'you?', sentenceEnd: true }]);
    expect(aggregator.flush()).toEqual([{ text: 'Fine', sentenceEnd: true }]);
  });

  it('closes a sentence with an empty piece when its end shows after its last word went out', () => {
    const aggregator = new TextAggregator('token');
    expect(aggregator.push('Title line ')).toEqual([{ text: 'Title line ', sentenceEnd: false }]);
    expect(aggregator.push('\nNext')).toEqual([{ text: '', sentenceEnd: true }]);
    expect(aggregator.flush()).toEqual([{ text: 'Next', sentenceEnd: true }]);
  });

  it('splits a whole script into words with the sentence ends on the last word', () => {
    expect(aggregateText('Hi there. Mr. Smith is here!', 'token')).toEqual([
      { text: 'Hi ', sentenceEnd: false },
      { text: 'there.', sentenceEnd: true },
      // "Mr. " waits for the next word to show that it does not end the sentence.
      { text: 'Mr. Smith ', sentenceEnd: false },
      { text: 'is ', sentenceEnd: false },
      { text: 'here!', sentenceEnd: true },
    ]);
  });

  it('never cuts a markup element into two pieces', () => {
    const pieces = aggregateText("Wait <break time='1s'/> then <digits>1 2 3</digits> go.", 'token');
    expect(pieces.map((p) => p.text)).toContain("<break time='1s'/> ");
    expect(pieces.map((p) => p.text)).toContain('<digits>1 2 3</digits> ');
  });

  it('streams text written without spaces character by character', () => {
    const aggregator = new TextAggregator('token');
    expect(aggregator.push('你好')).toEqual([{ text: '你好', sentenceEnd: false }]);
    expect(aggregator.push('。我')).toEqual([
      { text: '。', sentenceEnd: true },
      { text: '我', sentenceEnd: false },
    ]);
    expect(aggregator.push('很好')).toEqual([{ text: '很好', sentenceEnd: false }]);
  });

  it.each(CASES)('%s: the sentence ends fall where sentence mode puts them', (_name, text, expected) => {
    const normalised = expected.map((s) => s.replace(/\s+/g, ' '));
    expect(regroup(aggregateText(text, 'token'))).toEqual(normalised);
    for (const size of [1, 4, 7]) expect(regroup(streamed(text, size, 'token'))).toEqual(normalised);
  });
});

describe('aggregateStream', () => {
  it('aggregates an async stream of fragments', async () => {
    async function* tokens() {
      for (const t of ['Good ', 'morning', '. How', ' are', ' you?', ' Bye']) yield t;
    }
    const pieces: TextPiece[] = [];
    for await (const piece of aggregateStream(tokens())) pieces.push(piece);
    expect(pieces.map((p) => p.text)).toEqual(['Good morning.', 'How are you?', 'Bye']);
  });
});
