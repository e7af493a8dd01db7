/** Sign in: paste a bearer token (or arrive through the login link). */
import { setToken } from '../auth';
import { h } from '../dom';
import { href, navigate, type Route } from '../router';
import { heading } from '../ui';

export function renderSignin(root: HTMLElement, route: Route, reason?: string): void {
  const next = route.params.get('next');
  const input = h('textarea', {
    id: 'token',
    attrs: {
      name: 'token',
      rows: 4,
      required: true,
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-describedby': 'token-hint',
    },
  });
  const error = h('p', { class: 'field-error', attrs: { role: 'alert' } });
  const form = h(
    'form',
    { class: 'signin', attrs: { 'aria-labelledby': 'signin-title' } },
    h('label', { attrs: { for: 'token' } }, 'Bearer token'),
    input,
    h(
      'small',
      { id: 'token-hint', class: 'hint' },
      'Paste a JWT with the auditor role, e.g. from `npm run -s token -- --role auditor`, or open the login link the embedded server prints. ' +
        'It is kept in this tab only and forgotten when you close it.',
    ),
    error,
    h('button', { class: 'primary', attrs: { type: 'submit' } }, 'Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim().replace(/^Bearer\s+/i, '');
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
      error.textContent = 'That does not look like a JWT (three base64url parts separated by dots).';
      input.focus();
      return;
    }
    setToken(token);
    navigate(next && next.startsWith('#/') && !next.startsWith('#/signin') ? next : href('/identities'));
  });

  root.replaceChildren(heading('Sign in'));
  if (reason) root.append(h('p', { class: 'state state-error', attrs: { role: 'alert' } }, reason));
  root.append(h('h2', { id: 'signin-title', class: 'visually-hidden' }, 'Sign in with a token'), form);
}
