import { create } from 'zustand';
import type { StudioErrorInfo } from '../../shared/errors';
import type { ProjectExportRequest, ProjectExportResult, QaFinding } from '../../shared/project-session';
import { studio } from '../studio';

interface ProjectExportState {
  running: boolean;
  /** 0..1 and what the engine is doing ("Measuring loudness"), from `project:export-progress`. */
  fraction: number;
  stage: string | null;
  result: ProjectExportResult | null;
  error: StudioErrorInfo | null;
  /** The last QA pass (null before one ran). */
  findings: QaFinding[] | null;
  checking: boolean;
  qaError: StudioErrorInfo | null;
  api: {
    run(request: ProjectExportRequest): Promise<void>;
    progress(fraction: number, stage: string): void;
    reveal(path: string): Promise<void>;
    /** Clears the last export's outcome; an export under way is kept. */
    reset(): void;
    runQa(chapterId: string | null): Promise<void>;
  };
}

/** Exporting the project (files and their delivery reports) and the QA pass over its takes. */
export const useProjectExportStore = create<ProjectExportState>()((set, get) => ({
  running: false,
  fraction: 0,
  stage: null,
  result: null,
  error: null,
  findings: null,
  checking: false,
  qaError: null,
  api: {
    async run(request) {
      set({ running: true, fraction: 0, stage: null, result: null, error: null });
      const result = await studio().project.export(request);
      if (!result.ok) return set({ running: false, error: result.error });
      set({ running: false, fraction: 1, stage: null, result: result.value });
    },
    progress(fraction, stage) {
      if (get().running) set({ fraction: Math.min(1, Math.max(0, fraction)), stage });
    },
    async reveal(path) {
      const result = await studio().export.reveal({ path });
      if (!result.ok) set({ error: result.error });
    },
    reset() {
      // Reopening the dialog mid-export shows that export's progress; clearing it would allow a second one.
      if (get().running) return;
      set({ fraction: 0, stage: null, result: null, error: null });
    },
    async runQa(chapterId) {
      set({ checking: true, qaError: null });
      const result = await studio().project.qa({ chapterId });
      if (result.ok) set({ checking: false, findings: result.value });
      else set({ checking: false, qaError: result.error });
    },
  },
}));
