import { useTranslation } from 'react-i18next';
import { CannedResponsesManager } from '../../components/canned-responses-manager';
import { AdminSection } from './admin-kit';

/** The workspace's shared canned responses: for everyone, or for one team, in English and French, with their ticket changes. */
export function CannedResponsesPage() {
  const { t } = useTranslation();
  return (
    <AdminSection id="canned-responses" title={t('admin.canned.title')} description={t('admin.canned.description')}>
      <CannedResponsesManager scope="shared" />
    </AdminSection>
  );
}
