import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { useSession } from '../session';

export function SignInPage() {
  const { t } = useTranslation();
  const { state, signedIn } = useSession();
  const location = useLocation();
  const [workspace, setWorkspace] = useState(() => localStorage.getItem('switchboard.workspace') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [isTotpNeeded, setTotpNeeded] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [isSubmitting, setSubmitting] = useState(false);

  if (state.status === 'signed-in') {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/sign-in' ? from : '/'} replace />;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      await unwrap(api.POST('/api/v1/auth/login', { body: { workspace: workspace.trim(), email, password, ...(isTotpNeeded ? { totpCode } : {}) } }));
      localStorage.setItem('switchboard.workspace', workspace.trim());
      signedIn(await unwrap(api.GET('/api/v1/auth/me')));
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'totp_required') {
        setTotpNeeded(true);
        setError(t('signIn.totpNeeded'));
      } else if (caught instanceof ApiError && caught.status < 500 && caught.code !== 'rate_limited' && caught.code !== 'account_locked') {
        setError(t('signIn.failed'));
      } else {
        setError(caught instanceof Error ? caught.message : String(caught));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const notice = state.status === 'signed-out' && state.reason === 'expired' ? t('signIn.expired') : state.status === 'signed-out' && state.reason === 'signed-out' ? t('signIn.signedOut') : undefined;
  return (
    <main id="main" className="sign-in">
      <form className="card sign-in-form" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        {notice && <p className="notice" role="status">{notice}</p>}
        {error && <p className="error" role="alert">{error}</p>}
        <label>
          {t('signIn.workspace')}
          <input name="workspace" value={workspace} onChange={(event) => setWorkspace(event.target.value)} required autoComplete="organization" />
        </label>
        <label>
          {t('signIn.email')}
          <input name="email" type="email" value={email} onChange={(event) => setEmail(event.target.value)} required autoComplete="username" />
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" value={password} onChange={(event) => setPassword(event.target.value)} required autoComplete="current-password" />
        </label>
        {isTotpNeeded && (
          <label>
            {t('signIn.totp')}
            <input name="totpCode" inputMode="numeric" pattern="[0-9]{6}" maxLength={6} value={totpCode} onChange={(event) => setTotpCode(event.target.value)} required autoComplete="one-time-code" autoFocus />
          </label>
        )}
        <button type="submit" className="primary" disabled={isSubmitting}>
          {isSubmitting ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
