import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionEnded, unwrap, type Session } from './api/client';
import i18n, { uiLanguageOf } from './i18n';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason?: 'expired' | 'signed-out' }
  | { status: 'signed-in'; session: Session };

interface SessionContextValue {
  state: SessionState;
  signedIn(session: Session): void;
  signOut(): Promise<void>;
  /** Re-reads the signed-in user and workspace, e.g. after their name changed. */
  refresh(): Promise<void>;
  /** The session of a signed-in page (the router only renders those pages with one). */
  session: Session;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const signedIn = useCallback((session: Session) => {
    void i18n.changeLanguage(uiLanguageOf(session.user.language));
    setState({ status: 'signed-in', session });
  }, []);

  useEffect(() => {
    let isCurrent = true;
    unwrap(api.GET('/api/v1/auth/me'))
      .then((session) => isCurrent && signedIn(session))
      .catch(() => isCurrent && setState({ status: 'signed-out' }));
    const stop = onSessionEnded(() => setState((current) => (current.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : current)));
    return () => {
      isCurrent = false;
      stop();
    };
  }, [signedIn]);

  const signOut = useCallback(async () => {
    await unwrap(api.POST('/api/v1/auth/logout')).catch(() => undefined);
    setState({ status: 'signed-out', reason: 'signed-out' });
  }, []);

  const refresh = useCallback(async () => {
    const session = await unwrap(api.GET('/api/v1/auth/me'));
    setState((current) => (current.status === 'signed-in' ? { status: 'signed-in', session } : current));
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({ state, signedIn, signOut, refresh, session: state.status === 'signed-in' ? state.session : (undefined as unknown as Session) }),
    [state, signedIn, signOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
