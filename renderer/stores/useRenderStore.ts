import { create } from 'zustand';
import type { StudioErrorInfo } from '../../shared/errors';
import {
  IDLE_RENDER_QUEUE,
  type RenderEstimate,
  type RenderQueueStatus,
  type RenderRequest,
} from '../../shared/project-session';
import { studio } from '../studio';
import { useProjectStore } from './useProjectStore';
import { useStatusStore } from './useStatusStore';

/** A render the user asked for, shown with its estimate until they start it or change their mind. */
export interface RenderProposal {
  /** The project it was estimated for: the request's scope means nothing in another one. */
  projectId: string;
  request: RenderRequest;
  /** What is being rendered, in words ("Chapter 2", "3 blocks"). */
  label: string;
  /** null while the engine works it out. */
  estimate: RenderEstimate | null;
  error: StudioErrorInfo | null;
  starting: boolean;
}

interface RenderState {
  queue: RenderQueueStatus;
  proposal: RenderProposal | null;
  api: {
    /** Asks what `request` would cost; nothing is rendered until `confirm`. */
    propose(request: RenderRequest, label: string): Promise<void>;
    confirm(): Promise<void>;
    dismiss(): void;
    cancel(): Promise<void>;
    progress(queue: RenderQueueStatus): void;
    load(): Promise<void>;
  };
}

const openProjectId = () => useProjectStore.getState().snapshot?.project.id ?? null;

/** The render queue as the engine reports it, and the estimate-then-confirm step before each render. */
export const useRenderStore = create<RenderState>()((set, get) => ({
  queue: IDLE_RENDER_QUEUE,
  proposal: null,
  api: {
    async propose(request, label) {
      const projectId = openProjectId();
      if (!projectId) return;
      const proposal: RenderProposal = { projectId, request, label, estimate: null, error: null, starting: false };
      set({ proposal });
      const result = await studio().render.estimate({ scope: request.scope, regenerate: request.regenerate });
      if (get().proposal !== proposal) return;
      set({
        proposal: result.ok ? { ...proposal, estimate: result.value } : { ...proposal, error: result.error },
      });
    },
    async confirm() {
      const proposal = get().proposal;
      if (!proposal?.estimate || proposal.starting) return;
      // Never start a billed render in a project other than the one whose estimate was shown.
      if (proposal.projectId !== openProjectId()) return set({ proposal: null });
      set({ proposal: { ...proposal, starting: true } });
      const result = await studio().render.start(proposal.request);
      if (!result.ok) {
        set({ proposal: { ...proposal, starting: false, error: result.error } });
        return;
      }
      set({ proposal: null, queue: result.value });
    },
    dismiss: () => set({ proposal: null }),
    async cancel() {
      const result = await studio().render.cancel({});
      if (result.ok) set({ queue: result.value });
      else useStatusStore.getState().api.report(result.error);
    },
    progress: (queue) => set({ queue }),
    async load() {
      const result = await studio().render.status({});
      if (result.ok) set({ queue: result.value });
    },
  },
}));

// An estimate belongs to the project it was worked out for: opening or closing a project drops it.
useProjectStore.subscribe((state) => {
  const { proposal } = useRenderStore.getState();
  if (proposal && proposal.projectId !== (state.snapshot?.project.id ?? null))
    useRenderStore.setState({ proposal: null });
});
