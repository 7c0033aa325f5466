import { z } from 'zod';

/**
 * One pronunciation-lexicon rule of a project: occurrences of `match` are sent to the API as
 * `replacement` (kind 'text'), as `<phonemes>replacement</phonemes>` (kind 'ipa') or wrapped in
 * `<digits>…</digits>` (kind 'digits', where `replacement` may be empty to wrap the matched text).
 */
export const LexiconEntrySchema = z
  .object({
    id: z.string().min(1),
    match: z.string().min(1).max(200),
    kind: z.enum(['text', 'ipa', 'digits']),
    replacement: z.string(),
    caseSensitive: z.boolean(),
    wholeWord: z.boolean(),
  })
  .refine((e) => e.match.trim().length > 0, { message: 'match must not be blank', path: ['match'] })
  .refine((e) => e.kind === 'digits' || e.replacement.length > 0, {
    message: 'replacement is required for text and ipa entries',
    path: ['replacement'],
  });

export type LexiconEntry = z.infer<typeof LexiconEntrySchema>;

export type LexiconKind = LexiconEntry['kind'];
