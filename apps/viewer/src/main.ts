/** The viewer's shell: sign-in state, navigation, and one render per route. */
import './styles.css';
import { setUnauthorizedListener } from './api';
import { clearToken, getToken, readTokenInfo, takeTokenFromUrl } from './auth';
import { h } from './dom';
import { formatDateTime } from './format';
import { href, navigate, parseHash, type Route } from './router';
import { focusHeading, heading } from './ui';
import { renderAccessLog } from './views/access-log';
import { renderIdentities } from './views/identities';
import { renderSession } from './views/session';
import { renderSessions } from './views/sessions';
import { renderSignin } from './views/signin';
import { renderExports, renderReports, renderRetention } from './views/tasks';

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;

let controller: AbortController | undefined;
let lastPlace = '';
/** why the user is (back) on the sign-in page */
let signinReason: string | undefined;

takeTokenFromUrl();

setUnauthorizedListener(() => {
  if (!getToken()) return;
  clearToken();
  signinReason = 'Your token expired or is invalid — sign in again.';
  renderAccount();
});

document.getElementById('skip-link')?.addEventListener('click', () => main.focus());

function renderNav(route: Route): void {
  const link = (label: string, target: string, active: boolean) =>
    h('a', { attrs: { href: target, 'aria-current': active ? 'page' : undefined } }, label);
  nav.replaceChildren(
    link('Identities', href('/identities'), route.name === 'identities'),
    link('Sessions', href('/sessions'), route.name === 'sessions' || route.name === 'session'),
  );
  // the tasks a token's roles allow (display only: the server decides)
  const token = getToken();
  const roles = new Set(token ? (readTokenInfo(token)?.roles ?? []) : []);
  const may = (role: string) => roles.has(role) || roles.has('admin');
  if (may('compliance')) nav.append(link('Reports', href('/reports'), route.name === 'reports'));
  if (may('siem')) nav.append(link('Exports', href('/exports'), route.name === 'exports'));
  if (may('admin')) nav.append(link('Access log', href('/access-log'), route.name === 'access-log'));
  if (may('admin')) nav.append(link('Retention', href('/retention'), route.name === 'retention'));
  if (token) nav.append(link('API', '/api/v1/docs', false));
}

function renderAccount(): void {
  const token = getToken();
  if (!token) {
    account.replaceChildren(h('a', { attrs: { href: href('/signin') } }, 'Sign in'));
    return;
  }
  const info = readTokenInfo(token);
  const expires = info?.expiresAt ? formatDateTime(new Date(info.expiresAt).toISOString()) : undefined;
  const signOut = h('button', { class: 'link', attrs: { type: 'button' } }, 'Sign out');
  signOut.addEventListener('click', () => {
    clearToken();
    signinReason = 'You signed out.';
    navigate(href('/signin'));
  });
  account.replaceChildren(
    h(
      'span',
      { class: 'who', attrs: { title: expires ? `token expires ${expires}` : 'token without expiry' } },
      info?.sub ? `Signed in as ${info.sub}` : 'Signed in',
    ),
    signOut,
  );
}

function render(): void {
  controller?.abort();
  const ctl = new AbortController();
  controller = ctl;
  const route = parseHash(window.location.hash);
  renderNav(route);
  renderAccount();

  const place = `${route.name}:${route.sid ?? ''}`;
  const moved = place !== lastPlace;
  lastPlace = place;

  if (route.name === 'signin') {
    document.title = 'Sign in · Auditorium';
    renderSignin(main, route, signinReason);
    signinReason = undefined;
    if (moved) focusHeading(main);
    return;
  }
  if (!getToken()) {
    document.title = 'Sign in · Auditorium';
    const next = window.location.hash && window.location.hash !== '#/' ? window.location.hash : '';
    renderSignin(main, { name: 'signin', params: new URLSearchParams(next ? { next } : {}) }, signinReason);
    return;
  }

  let work: Promise<void> | undefined;
  switch (route.name) {
    case 'identities':
      document.title = 'Identities · Auditorium';
      work = renderIdentities(main, route, ctl.signal);
      break;
    case 'sessions':
      document.title = 'Sessions · Auditorium';
      work = renderSessions(main, route, ctl.signal);
      break;
    case 'session':
      document.title = `${route.sid ?? 'Session'} · Auditorium`;
      work = renderSession(main, route, ctl.signal);
      break;
    case 'access-log':
      document.title = 'Access log · Auditorium';
      work = renderAccessLog(main, route, ctl.signal);
      break;
    case 'reports':
      document.title = 'Access reports · Auditorium';
      work = renderReports(main, route, ctl.signal);
      break;
    case 'exports':
      document.title = 'Exports · Auditorium';
      renderExports(main, route);
      break;
    case 'retention':
      document.title = 'Retention · Auditorium';
      work = renderRetention(main, route, ctl.signal);
      break;
    default:
      document.title = 'Not found · Auditorium';
      main.replaceChildren(
        heading('Page not found'),
        h(
          'p',
          null,
          'There is nothing at this address. ',
          h('a', { attrs: { href: href('/identities') } }, 'Go to the identities.'),
        ),
      );
  }
  if (moved) focusHeading(main);
  void Promise.resolve(work).catch((err: unknown) => {
    console.error('viewer: render failed', err);
  });
}

window.addEventListener('hashchange', render);
render();
