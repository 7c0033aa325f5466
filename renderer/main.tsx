import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { player } from './audio/playback-engine';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/panels.css';
import './styles/project.css';

// The benchmark and the end-to-end tests read chunk-to-playback latency from here.
window.studioPlayer = player;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
