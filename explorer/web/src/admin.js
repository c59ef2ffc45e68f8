// The admins' queue of claim reviews (/admin/claims): claimReviews, decideClaimReview.

import { graphql, toApiError } from './api.js';
import { byId, fill, h } from './dom.js';
import { CLAIM_REVIEWS, DECIDE_REVIEW } from './queries.js';

function describe(claim) {
  const kind =
    claim.reviewKind === 'CONTESTED'
      ? 'contests a record another account holds'
      : 'asks to verify their claim';
  return `${claim.claimantEmail ?? claim.claimantId} ${kind}`;
}

function reviewItem(claim, status) {
  const reason = h('input', {
    id: `reason-${claim.id}`,
    type: 'text',
    maxlength: 500,
    required: true,
  });
  const decide = (approve) => async () => {
    if (!reason.value.trim()) {
      status.textContent = 'Give a reason: the claimant sees it.';
      reason.focus();
      return;
    }
    const { data, errors } = await graphql(DECIDE_REVIEW, {
      id: claim.id,
      approve,
      reason: reason.value,
    });
    if (!data?.decideClaimReview) {
      status.textContent = toApiError(errors, 'The decision did not go through.').message;
      return;
    }
    status.textContent = `${approve ? 'Approved' : 'Rejected'}: ${claim.author.name}.`;
    item.remove();
  };
  const item = h(
    'li',
    { className: 'card', 'data-claim': claim.id },
    h(
      'h2',
      {},
      h('a', { href: `/authors/${encodeURIComponent(claim.author.id)}` }, claim.author.name),
    ),
    h('p', { text: describe(claim) }),
    h('p', { className: 'muted', text: `Evidence: ${claim.evidence ?? 'none given'}` }),
    h('label', { for: `reason-${claim.id}`, text: 'Reason' }),
    reason,
    h('button', { type: 'button', text: 'Approve', onclick: decide(true) }),
    h('button', { type: 'button', text: 'Reject', onclick: decide(false) }),
  );
  return item;
}

export async function adminClaimsPage() {
  const section = byId('reviews');
  const status = byId('reviews-status');
  const { data, errors } = await graphql(CLAIM_REVIEWS);
  section.setAttribute('aria-busy', 'false');
  if (!data?.claimReviews) {
    status.textContent = toApiError(errors, 'The queue could not be loaded.').message;
    return;
  }
  const claims = data.claimReviews;
  status.textContent = claims.length ? `${claims.length} waiting.` : 'Nothing is waiting.';
  fill(
    byId('review-list'),
    claims.map((claim) => reviewItem(claim, status)),
  );
}
