import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region as WsRegion } from 'wavesurfer.js/plugins/regions';
import TimelinePlugin from 'wavesurfer.js/plugins/timeline';
import { useShallow } from 'zustand/react/shallow';
import { player, waveformView, type WaveformView } from '../audio/playback-engine';
import { formatSeconds } from '../lib/format';
import { usePlaybackStore } from '../stores/usePlaybackStore';
import { useTakesStore } from '../stores/useTakesStore';

/** While audio streams in, the waveform grows rightwards at this scale (at least) instead of squeezing. */
const LIVE_PX_PER_SEC = 60;
/**
 * ...up to this width; a longer live take squeezes instead. A live view is redrawn whole every
 * 150 ms and a redraw costs in proportion to the width (the time ruler lays out each of its
 * notches), so without a cap an hour-long play spent most of the page's time redrawing.
 */
const LIVE_MAX_WIDTH_PX = 3000;
const ZOOM_STEP = 1.5;
const MAX_PX_PER_SEC = 2000;

/** Theme colours from the CSS variables, so the canvas follows light and dark like the rest. */
function themeColours() {
  const css = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    waveColor: read('--wave', '#8a94a6'),
    progressColor: read('--wave-played', '#4f6bed'),
    cursorColor: read('--playhead', '#e5484d'),
    region: read('--region', 'rgba(79, 107, 237, 0.18)'),
    muted: read('--text-muted', '#6b7280'),
  };
}

/**
 * The take's waveform (wavesurfer.js) fed with peaks, never audio: live peaks while the speech
 * streams in, stored peaks for a saved take. Click replays from there, drag selects a region,
 * Ctrl+wheel or the buttons zoom, and the playhead follows the player's clock.
 */
export function Waveform() {
  const hostRef = useRef<HTMLDivElement>(null);
  const wsRef = useRef<WaveSurfer | null>(null);
  const regionsRef = useRef<ReturnType<typeof RegionsPlugin.create> | null>(null);
  const viewRef = useRef<WaveformView | null>(null);
  const zoomRef = useRef(0);
  const [view, setView] = useState<WaveformView | null>(waveformView.get());
  const [zoom, setZoom] = useState(0);
  const { status, region, loop, api } = usePlaybackStore(
    useShallow((s) => ({ status: s.status, region: s.region, loop: s.loop, api: s.api })),
  );
  const selectedId = useTakesStore((s) => s.selectedId);

  useEffect(() => {
    const host = hostRef.current!;
    const colours = themeColours();
    const regions = RegionsPlugin.create();
    const ws = WaveSurfer.create({
      container: host,
      height: 132,
      waveColor: colours.waveColor,
      progressColor: colours.progressColor,
      cursorColor: colours.cursorColor,
      cursorWidth: 2,
      barWidth: 2,
      barGap: 1,
      barRadius: 1,
      normalize: true,
      autoScroll: true,
      autoCenter: true,
      plugins: [
        regions,
        TimelinePlugin.create({
          height: 18,
          // By default the plugin labels every 5 or 10 s, so a short take's ruler read "0" and nothing
          // else. Every second notch is labelled instead (notches are at least 25 px apart), and
          // the 5 s labels are switched off so they do not crowd in between (0 2 4 5 6 8).
          secondaryLabelSpacing: 2,
          secondaryLabelInterval: 1e9,
          secondaryLabelOpacity: 0.7,
          style: { color: colours.muted, fontSize: '10px' },
        }),
      ],
    });
    wsRef.current = ws;
    regionsRef.current = regions;
    regions.enableDragSelection({ color: colours.region });

    const toRegion = (r: WsRegion) => ({ startSeconds: r.start, endSeconds: r.end });
    regions.on('region-created', (created) => {
      regions.getRegions().forEach((r) => r !== created && r.remove());
      if (created.end > created.start) usePlaybackStore.getState().api.setRegion(toRegion(created));
    });
    regions.on('region-updated', (r) => usePlaybackStore.getState().api.setRegion(toRegion(r)));
    ws.on('interaction', (seconds) => usePlaybackStore.getState().api.seek(seconds));
    ws.on('redrawcomplete', () => {
      host.dataset.duration = String(viewRef.current?.peaks.durationSeconds ?? 0);
      host.dataset.state = viewRef.current ? (viewRef.current.live ? 'live' : 'ready') : 'empty';
    });

    const scheme = window.matchMedia?.('(prefers-color-scheme: dark)');
    const recolour = () => {
      const c = themeColours();
      ws.setOptions({ waveColor: c.waveColor, progressColor: c.progressColor, cursorColor: c.cursorColor });
    };
    scheme?.addEventListener('change', recolour);

    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      zoomBy(event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
    };
    host.addEventListener('wheel', onWheel, { passive: false });

    const unsubscribe = waveformView.subscribe(setView);
    return () => {
      unsubscribe();
      host.removeEventListener('wheel', onWheel);
      scheme?.removeEventListener('change', recolour);
      ws.destroy();
      wsRef.current = null;
      regionsRef.current = null;
    };
  }, []);

  /** Draws the current view with the current zoom; a live take grows to the right instead of fitting. */
  useEffect(() => {
    const ws = wsRef.current;
    const previous = viewRef.current;
    viewRef.current = view;
    if (!ws) return;
    if (!view || view.peaks.durationSeconds <= 0) {
      if (previous) ws.empty();
      return;
    }
    const sameTake = previous && (previous.takeId === view.takeId || (previous.live && previous.takeId === null));
    if (!sameTake) {
      regionsRef.current?.clearRegions();
      usePlaybackStore.getState().api.setRegion(null);
    }
    const pxPerSec = view.live
      ? Math.min(Math.max(zoomRef.current, LIVE_PX_PER_SEC), LIVE_MAX_WIDTH_PX / view.peaks.durationSeconds)
      : zoomRef.current;
    ws.setOptions({ minPxPerSec: pxPerSec, fillParent: !view.live });
    void ws.load('', [view.peaks.max, view.peaks.min], view.peaks.durationSeconds).catch(() => undefined);
  }, [view]);

  useEffect(() => {
    if (selectedId) void api.showTake(selectedId);
    else if (waveformView.get()?.takeId && !waveformView.get()?.live) waveformView.set(null);
  }, [selectedId, api]);

  useEffect(() => {
    if (!region) regionsRef.current?.clearRegions();
  }, [region]);

  /** The playhead follows the audio clock, every frame, while something plays. */
  useEffect(() => {
    if (status === 'idle') return;
    let frame = 0;
    const tick = () => {
      const ws = wsRef.current;
      const seconds = player.takeSeconds;
      const duration = viewRef.current?.peaks.durationSeconds ?? 0;
      if (ws && seconds !== null && duration > 0)
        ws.getRenderer().renderProgress(Math.min(1, seconds / duration), true);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [status]);

  function zoomBy(factor: number) {
    const ws = wsRef.current;
    const duration = viewRef.current?.peaks.durationSeconds ?? 0;
    if (!ws || duration <= 0) return;
    const fit = ws.getWidth() / duration;
    const current = zoomRef.current || fit;
    const next = Math.min(MAX_PX_PER_SEC, current * factor);
    const level = next <= fit * 1.01 ? 0 : next;
    zoomRef.current = level;
    setZoom(level);
    try {
      ws.zoom(level);
    } catch {
      // Nothing drawn yet: the level applies to the next take shown.
    }
  }

  const duration = view?.peaks.durationSeconds ?? 0;
  const regionLabel = region ? `${formatSeconds(region.startSeconds)} – ${formatSeconds(region.endSeconds)}` : null;

  return (
    <section className="panel waveform" aria-label="Waveform">
      <header className="panel__header waveform__header">
        <h2>Waveform</h2>
        <span className="panel__meta">
          {view ? `${formatSeconds(duration)}${view.live ? ' · streaming' : ''}` : 'No take yet'}
        </span>
        <div className="waveform__tools">
          {regionLabel && (
            <>
              <span className="badge badge--region">Region {regionLabel}</span>
              <button
                type="button"
                className="button button--small"
                onClick={() => view?.takeId && region && api.playTake(view.takeId, region)}
                disabled={!view?.takeId}
              >
                Listen to region
              </button>
              <button
                type="button"
                className={loop ? 'button button--small button--on' : 'button button--small'}
                aria-pressed={loop}
                onClick={() => api.setLoop(!loop)}
              >
                Loop
              </button>
              <button type="button" className="button button--small button--quiet" onClick={() => api.setRegion(null)}>
                Clear region
              </button>
            </>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label="Zoom out"
            title="Zoom out (Ctrl+wheel)"
            disabled={!view || zoom === 0}
            onClick={() => zoomBy(1 / ZOOM_STEP)}
          >
            −
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Zoom in"
            title="Zoom in (Ctrl+wheel)"
            disabled={!view}
            onClick={() => zoomBy(ZOOM_STEP)}
          >
            +
          </button>
        </div>
      </header>
      <div className="waveform__stage">
        <div ref={hostRef} className="waveform__host" data-testid="waveform" data-state="empty" />
        {!view && (
          <p className="waveform__empty">
            Press Play: the waveform grows here as the audio streams in. Drag across it to select a region.
          </p>
        )}
      </div>
    </section>
  );
}
