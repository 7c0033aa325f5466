import { act, render } from '@testing-library/react';
import { createElement } from 'react';
import { App } from '../../../renderer/App';
import { useProjectStore } from '../../../renderer/stores/useProjectStore';
import { useViewStore, type ProjectPanel } from '../../../renderer/stores/useViewStore';
import type { Project } from '../../../shared/project';
import type { FakeStudio } from '../fake-studio';
import { startProjectStudio } from '../studio-harness';

/** The whole app in the Projects view with `project` open and loaded, as a user finds it. */
export async function renderProjectApp(
  project: Project,
  { panel, ...options }: NonNullable<Parameters<typeof startProjectStudio>[1]> & { panel?: ProjectPanel } = {},
): Promise<FakeStudio> {
  const fake = await startProjectStudio(project, options);
  if (panel) useViewStore.getState().api.setPanel(panel);
  render(createElement(App));
  await act(() => useProjectStore.getState().api.reload());
  return fake;
}
