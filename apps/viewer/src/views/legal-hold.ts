/** Legal hold on and off from a session page (admin): retention keeps a held session whatever its age. */
import { apiFetch, apiUrl, errorMessage } from '../api';
import { readTokenInfo, getToken } from '../auth';
import { announce, h } from '../dom';

export function legalHoldControl(sid: string, held: boolean): HTMLElement | null {
  const roles = readTokenInfo(getToken() ?? '')?.roles ?? [];
  if (!roles.includes('admin')) return null; // display only: the server refuses others with 403
  let hold = held;
  const status = h('span', { class: 'download-status', attrs: { role: 'status' } });
  const button = h('button', { id: 'legal-hold', attrs: { type: 'button', 'aria-pressed': String(hold) } });
  const label = () => (button.textContent = hold ? 'Release legal hold' : 'Put on legal hold');
  label();
  button.addEventListener('click', () => {
    button.disabled = true;
    void (async () => {
      try {
        const res = await apiFetch(
          apiUrl(`/sessions/${encodeURIComponent(sid)}/legal-hold`),
          'the legal hold',
          undefined,
          'application/json',
          { method: 'PUT', body: { hold: !hold } },
        );
        hold = ((await res.json()) as { legalHold: boolean }).legalHold;
        button.setAttribute('aria-pressed', String(hold));
        label();
        status.textContent = hold
          ? 'On legal hold: retention keeps this session.'
          : 'Released: retention applies again.';
        announce(status.textContent);
      } catch (err) {
        status.textContent = errorMessage(err);
      } finally {
        button.disabled = false;
      }
    })();
  });
  return h('span', { class: 'download' }, button, status);
}
