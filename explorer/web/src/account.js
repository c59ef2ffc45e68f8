// Signing in and out, the account page, and the header's account links.

import { graphql, toApiError } from './api.js';
import { byId, fill, h } from './dom.js';
import {
  CHANGE_PASSWORD,
  CREATE_TOKEN,
  ME,
  MY_ACCOUNT,
  REVOKE_TOKEN,
  SIGN_IN,
  SIGN_OUT,
  SIGN_UP,
} from './queries.js';

// Only a path of this site: `next` comes from the URL, and must not send anyone elsewhere.
export function safeNext(raw) {
  if (typeof raw === 'string' && /^\/(?![/\\])/.test(raw)) return raw;
  return '/';
}

export function signInHref(next = location.pathname + location.search) {
  return `/signin?next=${encodeURIComponent(next)}`;
}

let me = null;

// The signed-in account or null (an ended session counts as signed out). Asked once per page.
export function currentAccount() {
  me ??= graphql(ME)
    .then(({ data }) => data?.me ?? null)
    .catch(() => null);
  return me;
}

export async function renderAccountNav() {
  const nav = byId('account-nav');
  if (!nav) return;
  const account = await currentAccount();
  if (!account) {
    fill(
      nav,
      h('a', { href: signInHref(), text: 'Sign in' }),
      h('a', { href: '/signup', text: 'Sign up' }),
    );
    return;
  }
  fill(
    nav,
    h('a', { href: '/inbox', text: 'Invitations' }),
    h('a', { href: '/account', text: 'My account', title: account.email ?? '' }),
    signOutButton(),
  );
}

function signOutButton() {
  return h('button', {
    type: 'button',
    className: 'link-button',
    text: 'Sign out',
    onclick: async () => {
      await graphql(SIGN_OUT).catch(() => null);
      location.reload();
    },
  });
}

// A form whose submit runs `action(values)`; errors show in its role=alert box, which gets focus.
function handleForm(form, action) {
  const alert = form.querySelector('.form-alert');
  const submit = form.querySelector('button[type=submit]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    alert.hidden = true;
    submit.disabled = true;
    try {
      await action(Object.fromEntries(new FormData(form)));
    } catch (error) {
      alert.textContent = error.message;
      alert.hidden = false;
      alert.focus();
    } finally {
      submit.disabled = false;
    }
  });
}

async function mutate(document, variables, fallback) {
  const { data, errors } = await graphql(document, variables);
  if (!data || errors.length) throw toApiError(errors, fallback);
  return data;
}

function nextFromUrl() {
  return safeNext(new URLSearchParams(location.search).get('next'));
}

export function signInPage() {
  const next = nextFromUrl();
  byId('signup-link').href = `/signup?next=${encodeURIComponent(next)}`;
  const orcid = byId('orcid-sign-in'); // there when Sign in with ORCID is configured
  if (orcid) orcid.href = `/auth/orcid/sign-in?next=${encodeURIComponent(next)}`;
  handleForm(byId('signin-form'), async ({ email, password }) => {
    await mutate(SIGN_IN, { email, password }, 'Signing in failed.');
    location.assign(next);
  });
}

export function signUpPage() {
  const next = nextFromUrl();
  byId('signin-link').href = signInHref(next);
  handleForm(byId('signup-form'), async ({ email, password, confirm }) => {
    if (password !== confirm) throw new Error('The two passwords differ.');
    await mutate(SIGN_UP, { email, password }, 'The account could not be made.');
    location.assign(next);
  });
}

export async function accountPage() {
  const section = byId('account');
  const { data } = await graphql(MY_ACCOUNT).catch(() => ({ data: null }));
  const account = data?.me;
  if (!account) {
    fill(
      section,
      h('h1', { text: 'My account' }),
      h(
        'p',
        {},
        'You are signed out. ',
        h('a', { href: signInHref('/account'), text: 'Sign in' }),
        ' to see your account.',
      ),
    );
    section.setAttribute('aria-busy', 'false');
    return;
  }
  byId('account-email').textContent = account.email ?? '(no e-mail address)';
  byId('account-role').textContent = account.role.toLowerCase();
  byId('account-orcid').textContent = account.orcid ?? 'not linked';
  const orcidLink = byId('orcid-link'); // there when Sign in with ORCID is configured
  if (orcidLink) orcidLink.hidden = Boolean(account.orcid);
  renderFollowing(account.following);
  renderTokens(account.tokens);
  handleForm(byId('token-form'), async ({ name, role, days }) => {
    const created = (
      await mutate(
        CREATE_TOKEN,
        { name, role, days: days ? Number(days) : null },
        'The token could not be made.',
      )
    ).createApiToken;
    const shown = byId('new-token');
    fill(
      shown,
      h('p', { text: `Token “${created.token.name}” (shown only now; copy it):` }),
      h('code', { className: 'secret', text: created.secret }),
    );
    shown.hidden = false;
    shown.focus();
    byId('token-form').reset();
    await refreshTokens();
  });
  handleForm(byId('password-form'), async ({ current, password, confirm }) => {
    if (password !== confirm) throw new Error('The two new passwords differ.');
    await mutate(CHANGE_PASSWORD, { current, new: password }, 'The password was not changed.');
    byId('password-form').reset();
    const status = byId('password-status');
    status.textContent = 'Password changed. Your other sessions have been signed out.';
  });
  section.setAttribute('aria-busy', 'false');
}

async function refreshTokens() {
  const { data } = await graphql(MY_ACCOUNT);
  if (data?.me) renderTokens(data.me.tokens);
}

function renderTokens(tokens) {
  const list = byId('tokens');
  const rows = tokens.map((token) =>
    h(
      'li',
      { 'data-token-id': token.id },
      h('strong', { text: token.name }),
      h('span', {
        className: 'muted',
        text: ` · ${token.role.toLowerCase()} · expires ${token.expiresAt.slice(0, 10)} `,
      }),
      h('button', {
        type: 'button',
        text: 'Revoke',
        'aria-label': `Revoke the token ${token.name}`,
        onclick: async (event) => {
          event.currentTarget.disabled = true;
          await graphql(REVOKE_TOKEN, { id: token.id });
          await refreshTokens();
          byId('token-form').querySelector('input').focus();
        },
      }),
    ),
  );
  if (!rows.length) rows.push(h('li', { className: 'muted', text: 'No API tokens.' }));
  list.replaceChildren(...rows);
}

function renderFollowing(connection) {
  const items = connection.edges.map(({ node }) =>
    h('li', {}, h('a', { href: `/authors/${encodeURIComponent(node.id)}`, text: node.name })),
  );
  if (!items.length) items.push(h('li', { className: 'muted', text: 'Nobody yet.' }));
  byId('following-heading').textContent = `Following (${connection.totalCount})`;
  byId('following').replaceChildren(...items);
}
