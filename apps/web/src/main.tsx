import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './i18n';
import './styles.css';

const stored = localStorage.getItem('switchboard.theme');
if (stored === 'light' || stored === 'dark') document.documentElement.dataset.theme = stored;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
