/**
 * English strings of the dashboard, admin and OEM pages (src/pages/roles/), merged into the
 * console's dictionary by src/i18n.ts. These pages are for office staff and OEMs, so they have no
 * Hindi (issue 17 item 9 asks Hindi for the technician's screens); i18next falls back to English.
 */
export const rolesEn = {
  rolesNav: { dashboard: 'Dashboard', users: 'Users', teams: 'Teams', sources: 'Lead sources', webhooks: 'Webhooks', packs: 'Closure packs' },
  secret: {
    warning: 'Copy it now: it is shown only once and cannot be read again.',
    copy: 'Copy', copied: 'Copied', done: 'I have stored it',
  },
  dashboard: {
    heading: 'Dashboard', byStatus: 'Leads by status', total: '{{count}} leads in this period', overdue: '{{count}} overdue',
    conversion: 'Converted to closed: {{rate}}', funnel: 'Funnel', period: 'Leads created', stage: 'Stage', reached: 'Reached',
    fromPrevious: 'From the stage before', median: 'Median hours', p90: '90th percentile hours',
    range30: 'last 30 days', range90: 'last 90 days', range365: 'last 12 months', rangeAll: 'all time',
    countLink: '{{count}} {{status}}',
  },
  users: {
    heading: 'Users', create: 'New user', fullName: 'Full name', email: 'Email', phone: 'Phone', role: 'Role', password: 'Password',
    active: 'Active', inactive: 'Deactivated', status: 'Status', actions: 'Actions', created: 'User {{email}} created.',
    deactivate: 'Deactivate', activate: 'Reactivate', resetPassword: 'Reset password', newPassword: 'New password',
    passwordSet: 'Password of {{email}} changed; their sessions have ended, so they sign in again with it.', apiKeys: 'API keys',
    filterRole: 'Show role', allRoles: 'All roles', loadMore: 'Load more', empty: 'No users.',
  },
  roles: { admin: 'admin', central_ops: 'Central Ops', oem: 'OEM', field_technician: 'field technician' },
  apiKeys: {
    heading: 'API keys of {{name}}', name: 'Key name', create: 'Create key', prefix: 'Prefix', lastUsed: 'Last used', never: 'never',
    revoke: 'Revoke', revoked: 'revoked', created: 'New API key', empty: 'No API keys yet.', close: 'Close',
  },
  teams: {
    heading: 'Teams', create: 'New team', name: 'Team name', city: 'City', state: 'State', members: 'Members', lead: 'team lead',
    addMember: 'Add member', technician: 'Technician', makeLead: 'Team lead', remove: 'Remove {{name}}', empty: 'No teams yet.',
    noMembers: 'No members yet.', inactive: 'inactive', makeLeadOf: 'Make {{name}} team lead', addTo: 'Add a member to {{team}}',
    searchTechnician: 'Search by name or e-mail', searchHint: 'e.g. Ravi or ravi@', noTechnicians: 'No technician to add matches this search.',
    narrowDown: 'Showing the first {{count}} by name: type more of a name or e-mail to find others.',
  },
  sources: {
    heading: 'Lead sources', create: 'New source', name: 'Source name', type: 'Type', oem: 'OEM', shared: 'shared', edit: 'Edit {{name}}',
    empty: 'No lead sources.',
  },
  webhooks: {
    heading: 'Webhooks', create: 'New subscription', url: 'URL', events: 'Events', description: 'Description', oem: 'OEM',
    status: 'Status', active: 'active', paused: 'paused', disabled: 'disabled ({{reason}})', pause: 'Pause', resume: 'Resume',
    rotate: 'Rotate secret', delete: 'Delete', confirmDelete: 'Delete the subscription to {{url}}?', newSecret: 'Signing secret',
    empty: 'No webhook subscriptions yet.', deliveries: 'Deliveries', noDeliveries: 'No deliveries yet.',
    sendTest: 'Send test event', testQueued: 'Test event queued: it is sent within moments. Its delivery is listed below (Refresh to follow it).',
    refresh: 'Refresh', event: 'Event', deliveryStatus: 'Status', attempts: 'Attempts', lastResponse: 'Last response',
    lastAttempt: 'Last attempt', nextAttempt: 'Next attempt', retry: 'Retry', retryOf: 'Retry {{event}} of {{at}}',
    retryQueued: 'Delivery queued again with a fresh retry schedule.',
    intro: 'ChargeOps POSTs each event you choose to your URL, signed per the Standard Webhooks specification with the subscription\'s secret.',
  },
  packs: {
    heading: 'Closure packs', intro: 'Closed leads and their closure packs (a ZIP of the summary, documents, photos and signature, with a signed manifest).',
    customer: 'Customer', closedAt: 'Generated', size: 'Size', download: 'Download closure pack', empty: 'No closure packs yet.',
  },
  oemLead: {
    documents: 'Documents you uploaded', noDocuments: 'You have uploaded no documents to this lead.', type: 'Type', file: 'File',
    uploaded: 'Uploaded', download: 'Download {{name}}',
  },
};
