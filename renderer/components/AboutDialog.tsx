import { useId } from 'react';
import type { AppInfo } from '../../shared/ipc-contract';
import { thirdPartyNotices, type BundledNotice } from '../lib/third-party-notices';
import { useSettingsStore } from '../stores/useSettingsStore';
import '../styles/about.css';
import { Dialog } from './Dialog';

export interface AboutDialogProps {
  open: boolean;
  onClose(): void;
}

const RUNTIMES: Array<[keyof NonNullable<AppInfo['versions']>, string]> = [
  ['electron', 'Electron'],
  ['chrome', 'Chromium'],
  ['node', 'Node.js'],
];

/** One bundled package: name, version and licence at a glance; what it does and the full licence text on opening. */
function NoticeRow({ notice }: { notice: BundledNotice }) {
  return (
    <li className="about__package">
      <details>
        <summary>
          <span className="about__name">{notice.name}</span>
          <span className="about__meta">{notice.version}</span>
          <span className="about__licence">{notice.license}</span>
        </summary>
        <p className="about__role">
          {notice.role}.{notice.note ? ` ${notice.note}` : ''}
        </p>
        <pre className="about__text">{notice.text}</pre>
      </details>
    </li>
  );
}

/**
 * The About box: the app's version (from app:info) and runtime versions, its MIT licence, and
 * every package it bundles with its licence, whose full texts open in place (the list is
 * generated with THIRD_PARTY_NOTICES.md from the dependency tree, so an offline app still ships
 * the texts its licences require). Escape, the close button or the backdrop close it.
 */
export function AboutDialog({ open, onClose }: AboutDialogProps) {
  const app = useSettingsStore((s) => s.app);
  const listId = useId();
  const runtimes = RUNTIMES.flatMap(([key, label]) => {
    const version = app?.versions?.[key];
    return version ? [`${label} ${version}`] : [];
  });
  return (
    <Dialog title="About Async Voice Studio" open={open} onClose={onClose} wide>
      <div className="about__identity">
        <p className="about__version">Version {app?.version ?? 'unknown'}</p>
        {runtimes.length > 0 && <p className="about__runtimes">{runtimes.join(' · ')}</p>}
      </div>
      <details className="about__own-licence">
        <summary>
          Async Voice Studio is free software under the <strong>{thirdPartyNotices.app.license}</strong> licence.
        </summary>
        <pre className="about__text">{thirdPartyNotices.app.text}</pre>
      </details>
      <h3 id={listId} className="about__heading">
        Bundled software ({thirdPartyNotices.packages.length})
      </h3>
      <p className="about__hint">Open a package to read what it does here and its full licence text.</p>
      {/* Focusable so the keyboard can scroll it (a scrollable region needs a tab stop). */}
      <ul className="about__packages" aria-labelledby={listId} tabIndex={0}>
        {thirdPartyNotices.packages.map((notice) => (
          <NoticeRow key={`${notice.name}@${notice.version}`} notice={notice} />
        ))}
      </ul>
    </Dialog>
  );
}
