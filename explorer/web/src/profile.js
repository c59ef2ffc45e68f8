// The profile card and the list of published works.

import { signInHref } from './account.js';
import { graphql, toApiError } from './api.js';
import { fill, formatNumber, h, plural } from './dom.js';
import {
  CLAIM,
  EDIT_PROFILE,
  FOLLOW,
  REQUEST_REVIEW,
  START_EMAIL,
  UNFOLLOW,
  VERIFY_ORCID,
} from './queries.js';

// `viewer`: null when signed out, else { following } for this author.
export function renderProfile(section, author, viewer = null) {
  const counts = author.counts;
  const trust = author.trust;
  fill(
    section,
    h(
      'div',
      { className: 'profile-head' },
      h(
        'div',
        {},
        h('h1', { id: 'author-name', text: author.name }),
        affiliation(author),
        author.description &&
          h('p', { className: 'description', id: 'author-description', text: author.description }),
      ),
      h(
        'div',
        { className: 'actions' },
        !author.unresolved && followControl(author.id, viewer),
        !author.unresolved &&
          (viewer
            ? claimControl(author, viewer)
            : h('a', { className: 'button-link', href: signInHref(), text: 'Log in to claim' })),
      ),
    ),
    h(
      'p',
      { className: 'badges' },
      author.openToCollaborate
        ? h('span', { className: 'badge badge-open', text: 'Open to collaborate' })
        : h('span', { className: 'badge', text: 'Not marked open to collaborate' }),
      author.orcid && h('span', { className: 'badge', text: `ORCID ${author.orcid}` }),
      author.unresolved && h('span', { className: 'badge', text: 'Unresolved arXiv name' }),
    ),
    h(
      'dl',
      { className: 'counts', 'aria-label': 'Counts' },
      count('works', counts.works, 'Works'),
      count('followers', counts.followers, 'Followers'),
      count('topics', counts.topics, 'Topics'),
      count('close-collaborators', counts.closeCollaborators, 'Close collaborators'),
    ),
    author.topics.length > 0 &&
      h(
        'p',
        { className: 'topics' },
        h('span', { className: 'muted', text: 'Top topics: ' }),
        author.topics.map(({ topic }) => h('span', { className: 'chip', text: topic.name })),
      ),
    trustSnapshot(trust),
  );
  section.setAttribute('aria-busy', 'false');
}

function affiliation(author) {
  if (author.affiliation) {
    const country = author.affiliation.countryCode ? ` (${author.affiliation.countryCode})` : '';
    return h('p', { className: 'affiliation', text: `${author.affiliation.name}${country}` });
  }
  return h('p', { className: 'affiliation muted', text: 'Affiliation: not imported' });
}

// Follow / Following (aria-pressed), or a link to sign in first. The count beside it is the
// server's answer to the mutation, so it is exact, not a guess.
function followControl(authorId, viewer) {
  if (!viewer) {
    return h('a', {
      className: 'button-link',
      id: 'follow',
      href: signInHref(),
      text: 'Sign in to follow',
    });
  }
  const button = h('button', { type: 'button', id: 'follow', className: 'follow-button' });
  const status = h('span', { className: 'visually-hidden', role: 'status' });
  const show = (following) => {
    button.setAttribute('aria-pressed', String(following));
    button.textContent = following ? 'Following' : 'Follow';
  };
  show(viewer.following);
  button.addEventListener('click', async () => {
    const following = button.getAttribute('aria-pressed') === 'true';
    button.disabled = true;
    try {
      const { data, errors } = await graphql(following ? UNFOLLOW : FOLLOW, { id: authorId });
      const result = data?.follow ?? data?.unfollow;
      if (!result) throw toApiError(errors, 'The follow did not go through.');
      show(result.following);
      const count = document.querySelector("[data-count='followers'] dd");
      if (count) count.textContent = formatNumber(result.followers);
      status.textContent = result.following ? 'Following.' : 'No longer following.';
    } catch (error) {
      status.textContent = error.message;
      button.after(h('p', { className: 'alert', role: 'alert', text: error.message }));
    } finally {
      button.disabled = false;
      button.focus();
    }
  });
  return h('span', { className: 'follow' }, button, status);
}

// What the viewer's claim is, in words (docs/api.md, "Claims and verification").
function claimText(claim) {
  if (claim.status === 'IN_REVIEW') {
    return 'Your claim is in review: another account holds this record, an admin decides.';
  }
  return claim.level === 'L3'
    ? 'Your claim is verified (L3).'
    : 'You claimed this profile (L2): verify it by ORCID, institutional e-mail or a review.';
}

// The holder's own fields (loads never overwrite them): open to collaborate, one line about them.
function editForm(author, status) {
  const open = h('input', { id: 'edit-open', type: 'checkbox' });
  open.checked = Boolean(author.openToCollaborate);
  const line = h('input', {
    id: 'edit-description',
    type: 'text',
    maxlength: 200,
    value: author.description ?? '',
  });
  const save = async (event) => {
    event.preventDefault();
    const { data, errors } = await graphql(EDIT_PROFILE, {
      open: open.checked,
      description: line.value,
    });
    status.textContent = data?.editProfile
      ? 'Profile saved. Imports will not overwrite it.'
      : toApiError(errors, 'The profile was not saved.').message;
  };
  return h(
    'details',
    { className: 'verify', id: 'edit-profile' },
    h('summary', { text: 'Edit this profile' }),
    h(
      'form',
      { className: 'stacked-form', onsubmit: save },
      h('label', {}, open, ' Open to collaborate'),
      h('label', { for: 'edit-description', text: 'One line about your research' }),
      line,
      h('button', { type: 'submit', text: 'Save the profile' }),
    ),
  );
}

// The three ways to verify an L2 claim (docs/trust.md): each answers in the status line.
function verifyPaths(status) {
  const attempt = (query, variables, done) => async (event) => {
    event.preventDefault();
    try {
      const { data, errors } = await graphql(query, variables());
      const result = data && Object.values(data)[0];
      if (!result) throw toApiError(errors, 'That did not go through.');
      status.textContent = done(result);
    } catch (error) {
      status.textContent = error.message;
    }
  };
  const address = h('input', { id: 'claim-email', type: 'email', required: true });
  const evidence = h('textarea', {
    id: 'claim-evidence',
    rows: 2,
    maxlength: 2000,
    required: true,
  });
  return h(
    'details',
    { className: 'verify', id: 'verify' },
    h('summary', { text: 'Verify this claim' }),
    h('button', {
      type: 'button',
      id: 'verify-orcid',
      text: 'Verify with my ORCID iD',
      onclick: attempt(
        VERIFY_ORCID,
        () => ({}),
        () => 'Your claim is verified (L3).',
      ),
    }),
    h(
      'form',
      {
        className: 'stacked-form',
        onsubmit: attempt(
          START_EMAIL,
          () => ({ address: address.value }),
          (sent) => `A confirmation link went to ${sent.address} (${sent.institution}).`,
        ),
      },
      h('label', { for: 'claim-email', text: 'Institutional e-mail address' }),
      address,
      h('button', { type: 'submit', text: 'Send a confirmation link' }),
    ),
    h(
      'form',
      {
        className: 'stacked-form',
        onsubmit: attempt(
          REQUEST_REVIEW,
          () => ({ evidence: evidence.value }),
          () => 'An admin will review your evidence.',
        ),
      },
      h('label', { for: 'claim-evidence', text: 'Evidence for an admin (links, a staff page)' }),
      evidence,
      h('button', { type: 'submit', text: 'Ask for a review' }),
    ),
  );
}

// Claim this profile, or the viewer's claim's status. One account claims one record, so a
// viewer holding another record is told so instead of being offered a button.
function claimControl(author, viewer) {
  const status = h('span', { id: 'claim-status', role: 'status' });
  const mine = viewer.claim;
  if (mine && mine.author.id === author.id) {
    status.textContent = claimText(mine);
    const unverified = mine.status === 'ACTIVE' && mine.level !== 'L3';
    return h(
      'div',
      { className: 'claim' },
      status,
      unverified && verifyPaths(status),
      mine.status === 'ACTIVE' && editForm(author, status),
    );
  }
  if (mine) {
    status.textContent = `You hold a claim of ${mine.author.name}; release it to claim another.`;
    return h('span', { className: 'claim muted' }, status);
  }
  const button = h('button', {
    type: 'button',
    id: 'claim',
    text: author.trust.claimed ? 'Claim this profile (goes to review)' : 'Claim this profile',
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { data, errors } = await graphql(CLAIM, { id: author.id });
      const claim = data?.claimAuthor;
      if (!claim) throw toApiError(errors, 'The claim did not go through.');
      status.textContent = claimText(claim);
      button.remove();
    } catch (error) {
      status.textContent = error.message;
      button.disabled = false;
      button.focus();
    }
  });
  return h('span', { className: 'claim' }, button, status);
}

function count(key, value, label) {
  return h(
    'div',
    { className: 'count', 'data-count': key },
    h('dt', { text: label }),
    h('dd', { text: formatNumber(value) }),
  );
}

function trustSnapshot(trust) {
  const status = trust.status === 'VERIFIED' ? 'Verified' : 'Unverified';
  return h(
    'section',
    { className: 'trust', 'aria-labelledby': 'trust-heading' },
    h('h2', { id: 'trust-heading', text: 'Trust snapshot' }),
    h(
      'div',
      { className: 'trust-summary' },
      h('meter', {
        min: 0,
        max: 100,
        value: trust.score,
        'aria-label': `Trust score ${trust.score} of 100`,
      }),
      h('strong', { className: 'trust-score', text: `${trust.score}/100` }),
      h('span', { className: `badge badge-${trust.status.toLowerCase()}`, text: status }),
      h('span', { className: 'badge', text: `Level ${trust.level}` }),
      h('span', { className: 'badge', text: trust.claimed ? 'Claimed' : 'Not claimed' }),
    ),
    h('p', { className: 'trust-explanation', text: trust.explanation }),
    trust.components.length > 0 &&
      h(
        'details',
        {},
        h('summary', { text: 'How the score is made' }),
        h(
          'ul',
          { className: 'trust-components' },
          trust.components.map((c) =>
            h(
              'li',
              {},
              h('span', { text: c.label }),
              h('strong', { text: ` ${c.points}/${c.maxPoints}` }),
              c.detail && h('span', { className: 'muted', text: ` · ${c.detail}` }),
            ),
          ),
        ),
      ),
  );
}

export function renderWorks(list, edges, { append = false } = {}) {
  const items = edges.map(({ node }) => workItem(node));
  if (append) list.append(...items);
  else list.replaceChildren(...items);
  if (!list.children.length)
    list.append(h('li', { className: 'muted', text: 'No works imported.' }));
}

function workItem(work) {
  const links = [];
  if (work.doi)
    links.push(h('a', { href: `https://doi.org/${work.doi}`, text: 'DOI', rel: 'noopener' }));
  if (work.arxivId)
    links.push(
      h('a', { href: `https://arxiv.org/abs/${work.arxivId}`, text: 'arXiv', rel: 'noopener' }),
    );
  return h(
    'li',
    { className: 'work', 'data-work-id': work.id },
    h(
      'p',
      { className: 'work-meta' },
      h('span', { className: 'badge', text: work.type }),
      h('span', { className: 'work-year', text: work.year ?? 'year unknown' }),
      h('span', { className: 'work-venue', text: work.venue?.name ?? 'venue unknown' }),
      work.citedByCount > 0 && h('span', { text: plural(work.citedByCount, 'citation') }),
    ),
    h('h3', { className: 'work-title', text: work.title }),
    work.abstract
      ? abstract(work.abstract)
      : h('p', { className: 'muted', text: 'No abstract imported.' }),
    links.length > 0 && h('p', { className: 'work-links' }, links),
  );
}

const CLAMP_CHARS = 320;

function abstract(text) {
  const paragraph = h('p', { className: 'abstract', text });
  if (text.length <= CLAMP_CHARS) return paragraph;
  paragraph.classList.add('clamped');
  const toggle = h('button', {
    type: 'button',
    className: 'link-button',
    'aria-expanded': 'false',
    text: 'Show the full abstract',
    onclick: () => {
      const open = paragraph.classList.toggle('clamped') === false;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? 'Show less' : 'Show the full abstract';
    },
  });
  return h('div', {}, paragraph, toggle);
}
