/**
 * Plays voice samples through one <audio> element from a blob URL (the CSP allows media from
 * blob:). Starting a sample stops the previous one; its URL is revoked when done.
 */
class PreviewPlayer {
  private audio: HTMLAudioElement | null = null;
  private url: string | null = null;
  private settle: (() => void) | null = null;

  /** Resolves when the sample ends, is stopped, or cannot play. */
  play(bytes: Uint8Array, mimeType: string): Promise<void> {
    this.stop();
    this.audio ??= new Audio();
    this.url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
    const audio = this.audio;
    audio.src = this.url;
    return new Promise((resolve) => {
      this.settle = resolve;
      audio.onended = () => this.stop();
      audio.onerror = () => this.stop();
      audio.play().catch(() => this.stop());
    });
  }

  stop(): void {
    if (this.audio) {
      this.audio.pause();
      this.audio.onended = null;
      this.audio.onerror = null;
      this.audio.removeAttribute('src');
    }
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
    const settle = this.settle;
    this.settle = null;
    settle?.();
  }
}

export const previewPlayer = new PreviewPlayer();
