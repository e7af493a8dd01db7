/** Downloads that need the bearer header: fetch → Blob → a temporary link. */
import { apiFetch, apiUrl } from './api';
import type { StoredFrame } from './api-types';
import { announce, h } from './dom';

const FRAME_PAGE = 5000;

export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { class: 'visually-hidden', attrs: { href: url, download: fileName } });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function castBlob(sid: string, format: 'v2' | 'v3'): Promise<Blob> {
  const res = await apiFetch(
    apiUrl(`/sessions/${encodeURIComponent(sid)}/replay`, { format }),
    'the recording',
    undefined,
    'application/x-asciicast',
  );
  return new Blob([await res.text()], { type: 'application/x-asciicast' });
}

/** Every stored (masked) frame of the session as NDJSON, page by page. */
export async function framesBlob(sid: string, onProgress: (n: number) => void): Promise<Blob> {
  const parts: string[] = [];
  let from = 0;
  for (;;) {
    const res = await apiFetch(
      apiUrl(`/sessions/${encodeURIComponent(sid)}/frames`, { from, limit: FRAME_PAGE }),
      'the frames',
    );
    const page = (await res.json()) as { items: StoredFrame[] };
    for (const f of page.items) parts.push(JSON.stringify(f) + '\n');
    onProgress(parts.length);
    if (page.items.length < FRAME_PAGE) break;
    from = page.items[page.items.length - 1].seq + 1;
  }
  return new Blob(parts, { type: 'application/x-ndjson' });
}

/** A button that runs a download and says what happened next to it. */
export function downloadButton(
  label: string,
  fileName: string,
  make: (progress: (text: string) => void) => Promise<Blob>,
): HTMLElement {
  const status = h('span', { class: 'download-status', attrs: { role: 'status' } });
  const button = h('button', { attrs: { type: 'button' } }, label);
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = 'Preparing…';
    make((text) => (status.textContent = text))
      .then((blob) => {
        saveBlob(blob, fileName);
        status.textContent = `Saved ${fileName}`;
        announce(`Download ready: ${fileName}`);
      })
      .catch((err: unknown) => {
        status.textContent = err instanceof Error ? err.message : 'Download failed.';
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return h('span', { class: 'download' }, button, status);
}
