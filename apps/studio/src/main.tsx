import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import './theme/dark.css';
import { startTheme } from './theme/theme';
import { App } from './app/App';
import { parseRoute } from './app/router';
import { parseLargeDraftNow } from './pages/EditorPage';

startTheme();
// A large local draft is parsed (in a worker) while React starts.
const route = parseRoute(window.location.hash);
if (route.page === 'editor' && route.workflowId === null) parseLargeDraftNow();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
