import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../../../renderer/App';
import '../../../renderer/styles/theme.css';
import '../../../renderer/styles/layout.css';
import '../../../renderer/styles/controls.css';
import '../../../renderer/styles/panels.css';
import '../../../renderer/styles/project.css';
import { createFakeStudio } from '../fake-studio';
import { SCENES, type SceneName } from './scenes';

/*
 * The real renderer in a real browser against the fake engine, set up as one of SCENES
 * (?scene=…), for the screenshot test. `window.sceneReady` is true once the scene is on screen.
 */
const scene = (new URLSearchParams(location.search).get('scene') ?? 'project') as SceneName;
const fake = createFakeStudio({ key: { hasKey: true, hint: '7c1e' } });
window.studio = fake.api;
const stage = SCENES[scene];
await stage.before(fake);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
await stage.after(fake);
(window as unknown as { sceneReady: boolean }).sceneReady = true;
