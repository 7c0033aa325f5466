import generated from '../generated/third-party-notices.json';

/** One package the app contains, with its licence text (MIT and most others require the text to travel with the software). */
export interface BundledNotice {
  name: string;
  version: string;
  /** SPDX identifier, as the package declares it. */
  license: string;
  /** What it does in the studio. */
  role: string;
  /** Licence details the identifier alone does not tell (parts under other terms). */
  note?: string;
  text: string;
}

export interface ThirdPartyNotices {
  app: { name: string; license: string; text: string };
  packages: BundledNotice[];
}

/**
 * The app's licence and those of everything it bundles, written by `npm run notices` from the
 * production dependency tree (scripts/third-party-notices.ts), the same source as
 * THIRD_PARTY_NOTICES.md.
 */
export const thirdPartyNotices: ThirdPartyNotices = generated;
