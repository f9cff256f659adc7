import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/layout';
import { closeLiveSocket } from './live';
import { AdminArea } from './pages/admin/admin-area';
import { CustomerPage, CustomersPage } from './pages/customers';
import { InboxPage } from './pages/inbox';
import { SearchPage } from './pages/search';
import { SlaAtRiskPage } from './pages/sla-at-risk';
import { SignInPage } from './pages/sign-in';
import { TicketPage } from './pages/ticket';
import { SessionProvider, useSession } from './session';

// Opened now and then to edit one's own canned responses: a chunk of its own, like the admin screens.
const MyCannedResponsesPage = lazy(() => import('./pages/canned-responses').then((module) => ({ default: module.MyCannedResponsesPage })));
const KnowledgeBasePage = lazy(() => import('./pages/knowledge-base/knowledge-base-page').then((module) => ({ default: module.KnowledgeBasePage })));
const KbArticlePage = lazy(() => import('./pages/knowledge-base/article-page').then((module) => ({ default: module.KbArticlePage })));
const CommunityPage = lazy(() => import('./pages/community/community-page').then((module) => ({ default: module.CommunityPage })));
const CommunityTopicPage = lazy(() => import('./pages/community/topic-page').then((module) => ({ default: module.CommunityTopicPage })));
const BotInsightsPage = lazy(() => import('./pages/bot/bot-insights-page').then((module) => ({ default: module.BotInsightsPage })));
// Dashboards and reports (and their charting library) load when opened.
const AnalyticsArea = lazy(() => import('./pages/analytics/analytics-area'));
const AnalyticsTvPage = lazy(() => import('./pages/analytics/tv-page'));

function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (state.status === 'loading') return <p role="status" className="splash">{t('app.loading')}</p>;
  if (state.status === 'signed-out') {
    closeLiveSocket();
    return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  }
  return children;
}

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          {/* The wallboard fills a screen of its own: no navigation around it. */}
          <Route
            path="/analytics/tv"
            element={
              <RequireSession>
                <Suspense fallback={null}>
                  <AnalyticsTvPage />
                </Suspense>
              </RequireSession>
            }
          />
          <Route
            element={
              <RequireSession>
                <Layout />
              </RequireSession>
            }
          >
            <Route index element={<Navigate to="/views/mine" replace />} />
            <Route path="/views/sla-at-risk" element={<SlaAtRiskPage />} />
            <Route path="/views/:viewKey" element={<InboxPage />} />
            <Route path="/saved/:savedViewId" element={<InboxPage />} />
            <Route path="/tickets/:ticketRef" element={<TicketPage />} />
            <Route path="/customers" element={<CustomersPage />} />
            <Route path="/customers/:customerId" element={<CustomerPage />} />
            <Route path="/search" element={<SearchPage />} />
            <Route path="/admin/*" element={<AdminArea />} />
            <Route path="/canned-responses" element={<Suspense fallback={null}><MyCannedResponsesPage /></Suspense>} />
            <Route path="/kb" element={<Suspense fallback={null}><KnowledgeBasePage /></Suspense>} />
            <Route path="/kb/articles/:articleId" element={<Suspense fallback={null}><KbArticlePage /></Suspense>} />
            <Route path="/community" element={<Suspense fallback={null}><CommunityPage /></Suspense>} />
            <Route path="/community/topics/:topicId" element={<Suspense fallback={null}><CommunityTopicPage /></Suspense>} />
            <Route path="/bot" element={<Suspense fallback={null}><BotInsightsPage /></Suspense>} />
            <Route path="/analytics/*" element={<Suspense fallback={null}><AnalyticsArea /></Suspense>} />
          </Route>
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
