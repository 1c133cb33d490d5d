/** The navigation entries of the dashboard, admin and OEM pages, each shown only to the roles that may open it. */
import { mayOpen } from '../../access';
import { t } from '../../i18n';
import { AnchorLink } from '../../link';
import type { Role } from '../../session';

/** Links to the pages of src/pages/roles/ that `role` may open, for the header's navigation. */
export function RolesNav({ role }: { role: Role }) {
  return (
    <>
      {mayOpen(role, 'dashboard') && <AnchorLink to="/dashboard">{t('rolesNav.dashboard')}</AnchorLink>}
      {mayOpen(role, 'closurePacks') && <AnchorLink to="/closure-packs">{t('rolesNav.packs')}</AnchorLink>}
      {mayOpen(role, 'webhooks') && <AnchorLink to="/webhooks">{t('rolesNav.webhooks')}</AnchorLink>}
      {mayOpen(role, 'users') && <AnchorLink to="/users">{t('rolesNav.users')}</AnchorLink>}
      {mayOpen(role, 'teams') && <AnchorLink to="/teams">{t('rolesNav.teams')}</AnchorLink>}
      {mayOpen(role, 'leadSources') && <AnchorLink to="/lead-sources">{t('rolesNav.sources')}</AnchorLink>}
    </>
  );
}
