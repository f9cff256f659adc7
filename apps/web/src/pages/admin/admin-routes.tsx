import { Navigate, Route, Routes } from 'react-router';
import './admin.css';
import { AutomationsPage } from './automations-page';
import { BotPage } from './bot-page';
import { BusinessHoursPage } from './business-hours-page';
import { CannedResponsesPage } from './canned-responses-page';
import { ChatPage } from './chat-page';
import { CustomizationPage } from './customization-page';
import { EmailPage } from './email-page';
import { MessagingPage } from './messaging-page';
import { PrivacyRequestsPage } from './privacy-requests-page';
import { RoutingPage } from './routing-page';
import { SlaPage } from './sla-page';
import { TeamsPage } from './teams-page';
import { TokensPage } from './tokens-page';
import { UsersPage } from './users-page';
import { WebhookDeliveriesPage } from './webhook-deliveries-page';
import { WebhooksPage } from './webhooks-page';
import { WorkspacePage } from './workspace-page';

/** The admin screens themselves: a chunk of their own, loaded when an admin first opens `/admin`. */
export default function AdminRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="/admin/users" replace />} />
      <Route path="users" element={<UsersPage />} />
      <Route path="teams" element={<TeamsPage />} />
      <Route path="tokens" element={<TokensPage />} />
      <Route path="webhooks" element={<WebhooksPage />} />
      <Route path="webhooks/:webhookId" element={<WebhookDeliveriesPage />} />
      <Route path="workspace" element={<WorkspacePage />} />
      <Route path="customization" element={<CustomizationPage />} />
      <Route path="email" element={<EmailPage />} />
      <Route path="chat" element={<ChatPage />} />
      <Route path="bot" element={<BotPage />} />
      <Route path="messaging" element={<MessagingPage />} />
      <Route path="business-hours" element={<BusinessHoursPage />} />
      <Route path="sla" element={<SlaPage />} />
      <Route path="automations" element={<AutomationsPage />} />
      <Route path="routing" element={<RoutingPage />} />
      <Route path="canned-responses" element={<CannedResponsesPage />} />
      <Route path="privacy" element={<PrivacyRequestsPage />} />
      <Route path="*" element={<Navigate to="/admin/users" replace />} />
    </Routes>
  );
}
