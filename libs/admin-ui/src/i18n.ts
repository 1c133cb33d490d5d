/**
 * The console's i18n layer (i18next): every visible string is a key here. English is complete;
 * Hindi covers the field technician's screens (issue 17 item 9) and falls back to English for
 * the rest. The chosen language is kept in localStorage under `chargeops.lang`.
 */
import i18next from 'i18next';
import { useSyncExternalStore } from 'react';
import { rolesEn } from './i18n/roles';
import { workflowEn, workflowHi } from './i18n/workflow';

const en = {
  app: { title: 'ChargeOps console', signOut: 'Sign out', language: 'Language', nav: 'Main navigation' },
  nav: { leads: 'Leads', jobs: 'My jobs' },
  login: {
    heading: 'Sign in to ChargeOps', email: 'Email', password: 'Password', submit: 'Sign in',
    failed: 'Email or password is wrong.', throttled: 'Too many attempts; try again in a minute.',
  },
  common: {
    loading: 'Loading…', error: 'Something went wrong: {{detail}}', retry: 'Try again', save: 'Save', cancel: 'Cancel',
    forbidden: 'This page is not available for your role.', notFound: 'Nothing here.', none: '—',
  },
  leads: {
    heading: 'Leads', search: 'Search leads', status: 'Status', city: 'City', state: 'State', pincode: 'Pincode',
    createdFrom: 'Created from', createdTo: 'Created to', overdue: 'Overdue only', clear: 'Clear filters',
    customer: 'Customer', phone: 'Phone', created: 'Created', loadMore: 'Load more', showTotal: 'Show total',
    total: '{{count}} leads match', empty: 'No leads match these filters.', overdueMark: 'overdue',
  },
  lead: {
    back: 'All leads', details: 'Details', email: 'Email', address: 'Address', oem: 'OEM', source: 'Source',
    assignedTo: 'Assigned to', charger: 'Charger model', status: 'Status', actions: 'Move to', noActions: 'No manual transition is allowed now.',
    edit: 'Edit details', name: 'Customer name', phone: 'Phone', city: 'City', state: 'State', pincode: 'Pincode', timeline: 'Timeline',
    conflict: 'This lead was changed by someone else. It has been reloaded; check and try again.',
    editConflict: 'This lead was changed by someone else while you edited it. It has been reloaded and your values are kept: check them and save again.',
    changedMeanwhile: 'Changed meanwhile:', change: '{{field}}: {{from}} → {{to}}', noFieldChanged: 'None of these fields changed.',
    reasonHeading: 'Why is it moving to {{status}}?', reasonCode: 'Reason', note: 'Note', confirm: 'Confirm',
    sla: 'Due {{due}}', overdue: 'Overdue since {{due}}',
    closingReason: 'Why {{status}}', closingNote: 'Note on the reason',
    possibleDuplicate: 'Possible duplicate', duplicateOf: 'Another open lead of this OEM has the same phone and pincode: open it',
    assignToMe: 'Assign to me', unassign: 'Unassign',
    tags: 'Tags', editTags: 'Edit tags', saveTags: 'Save tags',
    tagsHint: 'Separated by commas; each 1–40 letters, digits, spaces or _-.:/ (saved in lower case), at most 20.',
  },
  jobs: {
    heading: 'My jobs', empty: 'No jobs for today or the next days.', survey: 'Survey', installation: 'Installation',
    accept: 'Accept', decline: 'Decline', start: 'Start', call: 'Call {{phone}}', slot: '{{date}}, {{slot}}',
    accepted: 'Accepted', declined: 'Declined', team: 'Team {{name}}', status: 'Status: {{status}}',
  },
  ...rolesEn,
  ...workflowEn,
};

type Dictionary = typeof en;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

const hi: DeepPartial<Dictionary> = {
  app: { signOut: 'साइन आउट', language: 'भाषा' },
  nav: { jobs: 'मेरे काम' },
  common: { loading: 'लोड हो रहा है…', error: 'कुछ गलत हुआ: {{detail}}', retry: 'फिर से कोशिश करें', forbidden: 'यह पेज आपकी भूमिका के लिए उपलब्ध नहीं है।', notFound: 'यहाँ कुछ नहीं है।', cancel: 'रद्द करें' },
  jobs: {
    heading: 'मेरे काम', empty: 'आज या अगले दिनों के लिए कोई काम नहीं।', survey: 'सर्वे', installation: 'इंस्टॉलेशन',
    accept: 'स्वीकार करें', decline: 'मना करें', start: 'शुरू करें', call: '{{phone}} पर कॉल करें', slot: '{{date}}, {{slot}}',
    accepted: 'स्वीकार किया', declined: 'मना किया', team: 'टीम {{name}}', status: 'स्थिति: {{status}}',
  },
  ...workflowHi,
};

/** The languages the console offers, by BCP 47 tag, with their own names. */
export const LANGUAGES = { en: 'English', hi: 'हिन्दी' } as const;
export type Language = keyof typeof LANGUAGES;

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('chargeops.lang') : null;
void i18next.init({
  resources: { en: { translation: en }, hi: { translation: hi } },
  lng: stored === 'hi' ? 'hi' : 'en',
  fallbackLng: 'en',
  // React escapes what it renders; i18next escaping on top would show &amp; and the like.
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** Dotted keys of the English dictionary, e.g. `'leads.search'`. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Dictionary>;

/** Translates `key` in the current language, with `{{name}}` placeholders filled from `values`. */
export function t(key: MessageKey, values?: Record<string, string | number>): string {
  return i18next.t(key, values);
}

/** Switches the language of every mounted component and remembers it. */
export function setLanguage(language: Language): void {
  localStorage.setItem('chargeops.lang', language);
  void i18next.changeLanguage(language);
}

function subscribe(onChange: () => void): () => void {
  i18next.on('languageChanged', onChange);
  return () => i18next.off('languageChanged', onChange);
}

/** The current language; re-renders the caller when it changes. Components call `t` after it. */
export function useLanguage(): Language {
  return useSyncExternalStore(subscribe, () => (i18next.language === 'hi' ? 'hi' : 'en'));
}

/** A status as the API spells it, underscores shown as spaces (`documents_pending` → `documents pending`). */
export function statusLabel(status: string): string {
  return status.replaceAll('_', ' ');
}
