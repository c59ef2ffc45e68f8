// Direct collaboration: the invite dialog on the author page (with why it is locked), the inbox
// of invitations, and a conversation. Everything goes through /graphql; the API decides.

import { graphql, toApiError } from './api.js';
import { signInHref } from './account.js';
import { byId, fill, h } from './dom.js';

const PERMISSION = `query ($id: ID!) { author(id: $id) { id name
  invitePermission { allowed reason message } } }`;
const INVITE = `mutation ($id: ID!, $text: String!, $message: String!) {
  inviteToCollaborate(authorId: $id, subject: {text: $text}, message: $message) { id status } }`;
const INBOX = `{ me { id notifyByEmail
  received: invitations(direction: RECEIVED, first: 50) { edges { node { ...invitation } } }
  sent: invitations(direction: SENT, first: 50) { edges { node { ...invitation } } }
  conversations(first: 50) { edges { node { id open unreadCount subject { text }
    participants { isViewer author { id name } } } } } } }
fragment invitation on Invitation { id status message createdAt declineReason
  subject { text work { id title } topic { id name } }
  sender { id name } recipient { id name } conversation { id } }`;
const WITHDRAW = `mutation ($id: ID!) { withdrawInvitation(id: $id) { id status } }`;
const NOTIFY = `mutation ($on: Boolean!) { setNotifyByEmail(on: $on) }`;
const ACCEPT = `mutation ($id: ID!) { acceptInvitation(id: $id) { id conversation { id } } }`;
const DECLINE = `mutation ($id: ID!, $reason: String) {
  declineInvitation(id: $id, reason: $reason) { id status } }`;
const CONVERSATION = `query ($id: ID!) { conversation(id: $id) { id open subject { text }
  participants { isViewer author { id name } }
  messages(first: 100) { edges { node { id number body sentAt fromViewer } } } } }`;
const SEND = `mutation ($id: ID!, $body: String!) {
  sendMessage(conversationId: $id, body: $body) { id number } }`;
const MARK_READ = `mutation ($id: ID!) { markRead(conversationId: $id) { id unreadCount } }`;
const CLOSE = `mutation ($id: ID!) { closeConversation(id: $id) { id open } }`;

const STATUS = {
  OPEN: 'waiting',
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  CANCELLED: 'cancelled',
  WITHDRAWN: 'withdrawn',
};

const authorLink = (author) =>
  author
    ? h('a', { href: `/authors/${encodeURIComponent(author.id)}`, text: author.name })
    : 'a researcher';
const conversationHref = (id) => `/conversations/${encodeURIComponent(id)}`;

async function run(query, variables, fallback, field) {
  const { data, errors } = await graphql(query, variables);
  if (!data?.[field]) throw toApiError(errors, fallback);
  return data[field];
}

function showAlert(alert, message) {
  alert.textContent = message;
  alert.hidden = false;
  alert.focus();
}

// -- the author page --------------------------------------------------------------------------

export async function renderInvite(section, authorId) {
  const body = byId('collaboration-body');
  let author;
  try {
    author = await run(PERMISSION, { id: authorId }, 'Could not ask about invitations.', 'author');
  } catch {
    return;
  }
  const permission = author.invitePermission;
  section.hidden = false;
  if (permission.reason === 'SIGNED_OUT') {
    fill(
      body,
      h('p', { className: 'muted', id: 'invite-lock', text: permission.message }),
      h('a', { className: 'button-link', href: signInHref(), text: 'Sign in to invite' }),
    );
    return;
  }
  if (!permission.allowed) {
    fill(
      body,
      h('button', {
        type: 'button',
        id: 'invite-button',
        'aria-disabled': 'true',
        'aria-describedby': 'invite-lock',
        text: 'Invite to collaborate',
        onclick: (event) => event.preventDefault(),
      }),
      h('p', {
        className: 'lock-explanation',
        id: 'invite-lock',
        'data-reason': permission.reason,
        text: permission.message,
      }),
    );
    return;
  }
  const dialog = inviteDialog(author, (invitation) => {
    fill(
      body,
      h(
        'p',
        {
          id: 'invite-status',
          role: 'status',
          tabindex: '-1',
          text: `Invitation sent to ${author.name}. `,
        },
        h('a', { href: '/inbox', text: 'See your invitations' }),
      ),
    );
    byId('invite-status').focus();
    return invitation;
  });
  fill(
    body,
    h('p', {
      className: 'muted',
      text: `${author.name} is open to collaborate. Propose a focused conversation.`,
    }),
    h('button', {
      type: 'button',
      id: 'invite-button',
      text: 'Invite to collaborate',
      onclick: () => dialog.showModal(),
    }),
    dialog,
  );
}

function inviteDialog(author, done) {
  const alert = h('p', {
    className: 'form-alert alert',
    role: 'alert',
    tabindex: '-1',
    hidden: true,
  });
  const form = h(
    'form',
    { className: 'stacked-form', method: 'dialog' },
    h('h3', { id: 'invite-dialog-heading', text: `Invite ${author.name}` }),
    alert,
    h('label', { for: 'invite-subject', text: 'Subject (a work, a topic, a question)' }),
    h('input', { id: 'invite-subject', name: 'text', required: true, maxlength: '200' }),
    h('label', { for: 'invite-message', text: 'Message' }),
    h('textarea', {
      id: 'invite-message',
      name: 'message',
      rows: '5',
      required: true,
      maxlength: '2000',
    }),
    h(
      'div',
      { className: 'dialog-buttons' },
      h('button', { type: 'submit', text: 'Send the invitation' }),
      h('button', {
        type: 'button',
        className: 'link-button',
        text: 'Cancel',
        onclick: () => dialog.close(),
      }),
    ),
  );
  const dialog = h(
    'dialog',
    { id: 'invite-dialog', 'aria-labelledby': 'invite-dialog-heading' },
    form,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    alert.hidden = true;
    const values = Object.fromEntries(new FormData(form));
    try {
      const invitation = await run(
        INVITE,
        { id: author.id, text: values.text, message: values.message },
        'The invitation could not be sent.',
        'inviteToCollaborate',
      );
      dialog.close();
      done(invitation);
    } catch (error) {
      showAlert(alert, error.message);
    }
  });
  return dialog;
}

// -- the inbox --------------------------------------------------------------------------------

function subjectOf(invitation) {
  const named = invitation.subject.work?.title ?? invitation.subject.topic?.name;
  return named ? `${invitation.subject.text} (${named})` : invitation.subject.text;
}

function invitationItem(node, received, reload) {
  const other = received ? node.sender : node.recipient;
  const item = h(
    'li',
    { 'data-invitation-id': node.id, 'data-status': node.status },
    h(
      'p',
      {},
      received ? 'From ' : 'To ',
      authorLink(other),
      `: ${subjectOf(node)} · ${STATUS[node.status]}`,
    ),
    h('blockquote', { text: node.message }),
    node.declineReason && h('p', { className: 'muted', text: `Reason: ${node.declineReason}` }),
    node.conversation &&
      h('a', { href: conversationHref(node.conversation.id), text: 'Open the conversation' }),
  );
  if (received && node.status === 'OPEN') {
    const reasonId = `decline-reason-${node.id}`;
    item.append(
      h(
        'div',
        { className: 'invitation-actions' },
        h('button', {
          type: 'button',
          text: 'Accept',
          'aria-label': `Accept the invitation from ${other?.name ?? 'a researcher'}`,
          onclick: async () => {
            const accepted = await act(ACCEPT, { id: node.id }, 'acceptInvitation');
            if (accepted) location.assign(conversationHref(accepted.conversation.id));
          },
        }),
        h('label', { for: reasonId, text: 'Reason (optional)' }),
        h('input', { id: reasonId, name: 'reason', maxlength: '500' }),
        h('button', {
          type: 'button',
          text: 'Decline',
          'aria-label': `Decline the invitation from ${other?.name ?? 'a researcher'}`,
          onclick: async () => {
            const reason = byId(reasonId).value.trim() || null;
            if (await act(DECLINE, { id: node.id, reason }, 'declineInvitation')) reload();
          },
        }),
      ),
    );
  }
  if (!received && node.status === 'OPEN') {
    item.append(
      h(
        'div',
        { className: 'invitation-actions' },
        h('button', {
          type: 'button',
          text: 'Withdraw',
          'aria-label': `Withdraw the invitation to ${other?.name ?? 'a researcher'}`,
          onclick: async () => {
            if (await act(WITHDRAW, { id: node.id }, 'withdrawInvitation')) reload();
          },
        }),
      ),
    );
  }
  return item;
}

function notifyToggle(on) {
  const box = byId('notify-by-email');
  box.checked = on;
  box.disabled = false;
  box.onchange = async () => {
    const wanted = box.checked;
    box.disabled = true;
    const { data, errors } = await graphql(NOTIFY, { on: wanted }).catch((error) => ({
      data: null,
      errors: [{ message: error.message }],
    }));
    box.disabled = false;
    if (data?.setNotifyByEmail === undefined) {
      box.checked = !wanted;
      showAlert(byId('inbox-alert'), toApiError(errors, 'That did not work.').message);
      return;
    }
    box.checked = data.setNotifyByEmail;
  };
}

async function act(query, variables, field) {
  try {
    return await run(query, variables, 'That did not work.', field);
  } catch (error) {
    showAlert(byId('inbox-alert') ?? byId('conversation-alert'), error.message);
    return null;
  }
}

export async function inboxPage() {
  const section = byId('inbox');
  const reload = () => inboxPage();
  const { data, errors } = await graphql(INBOX).catch((error) => ({
    data: null,
    errors: [{ message: error.message }],
  }));
  section.setAttribute('aria-busy', 'false');
  if (!data?.me) {
    if (!errors.length) {
      location.assign(signInHref());
      return;
    }
    showAlert(byId('inbox-alert'), toApiError(errors, 'Sign in to see your invitations.').message);
    return;
  }
  notifyToggle(data.me.notifyByEmail);
  const empty = (text) => h('li', { className: 'muted', text });
  const received = data.me.received.edges.map((e) => invitationItem(e.node, true, reload));
  const sent = data.me.sent.edges.map((e) => invitationItem(e.node, false, reload));
  fill(byId('received'), received.length ? received : empty('No invitations yet.'));
  fill(byId('sent'), sent.length ? sent : empty('You have not invited anyone yet.'));
  const conversations = data.me.conversations.edges.map(({ node }) => {
    const other = node.participants.find((p) => !p.isViewer)?.author;
    return h(
      'li',
      { 'data-conversation-id': node.id },
      h('a', {
        href: conversationHref(node.id),
        text: `${node.subject.text} with ${other?.name ?? 'a researcher'}`,
      }),
      node.unreadCount ? ` · ${node.unreadCount} unread` : '',
      node.open ? '' : ' · closed',
    );
  });
  fill(
    byId('conversations'),
    conversations.length ? conversations : empty('No conversations yet.'),
  );
}

// -- a conversation ---------------------------------------------------------------------------

export async function conversationPage() {
  const id = decodeURIComponent(location.pathname.slice('/conversations/'.length));
  const section = byId('conversation');
  const alert = byId('conversation-alert');
  const form = byId('message-form');
  const close = byId('close-conversation');
  let conversation;
  try {
    conversation = await run(
      CONVERSATION,
      { id },
      'This conversation could not be loaded.',
      'conversation',
    );
  } catch (error) {
    section.setAttribute('aria-busy', 'false');
    form.hidden = true;
    close.hidden = true;
    showAlert(
      alert,
      error.code === 'UNAUTHENTICATED' ? 'Sign in to read your conversations.' : error.message,
    );
    return;
  }
  const other = conversation.participants.find((p) => !p.isViewer)?.author;
  byId('conversation-heading').textContent = `Conversation with ${other?.name ?? 'a researcher'}`;
  byId('conversation-about').textContent = `About: ${conversation.subject.text}`;
  document.title = `Conversation with ${other?.name ?? 'a researcher'} · Scholarly knowledge graph`;
  const names = (message) => (message.fromViewer ? 'You' : (other?.name ?? 'They'));
  fill(
    byId('messages'),
    conversation.messages.edges.map(({ node }) =>
      h(
        'li',
        { 'data-number': node.number, className: node.fromViewer ? 'mine' : 'theirs' },
        h('strong', { text: `${names(node)}: ` }),
        node.body,
      ),
    ),
  );
  section.setAttribute('aria-busy', 'false');
  graphql(MARK_READ, { id }).catch(() => null);
  if (!conversation.open) {
    form.hidden = true;
    close.hidden = true;
    byId('messages').after(h('p', { className: 'muted', text: 'This conversation is closed.' }));
    return;
  }
  const formAlert = form.querySelector('.form-alert');
  form.onsubmit = async (event) => {
    event.preventDefault();
    formAlert.hidden = true;
    const body = byId('message-body');
    try {
      const sent = await run(
        SEND,
        { id, body: body.value },
        'The message could not be sent.',
        'sendMessage',
      );
      byId('messages').append(
        h(
          'li',
          { 'data-number': sent.number, className: 'mine' },
          h('strong', { text: 'You: ' }),
          body.value.trim(),
        ),
      );
      body.value = '';
      body.focus();
    } catch (error) {
      showAlert(formAlert, error.message);
    }
  };
  close.onclick = async () => {
    try {
      await run(CLOSE, { id }, 'The conversation could not be closed.', 'closeConversation');
      location.reload();
    } catch (error) {
      showAlert(alert, error.message);
    }
  };
}
