import { useTranslation } from 'react-i18next';
import { CannedResponsesManager } from '../components/canned-responses-manager';

/** An agent's own canned responses: only they see them in the reply box's picker. */
export function MyCannedResponsesPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="my-canned-title" className="admin-area">
      <h1 id="my-canned-title">{t('canned.mineTitle')}</h1>
      <p className="hint">{t('canned.mineDescription')}</p>
      <CannedResponsesManager scope="personal" />
    </section>
  );
}
