import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { prefetch } from './api/index.ts';
import { AuthProvider } from './auth/AuthContext.tsx';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { PageSpinner } from './common/Loaded.tsx';
import { PageLoadBoundary } from './common/PageLoadBoundary.tsx';
import { DraftAutoSend } from './drafts/DraftAutoSend.tsx';

/** The base path under which the server serves the micro-app; DingTalk messages link below it. */
const basename = '/app';

// One chunk per page, so a contact's first download contains neither the bureau's pages nor the login page.
const LoginPage = lazy(() => import('./pages/login/LoginPage.tsx'));
const loadContactHome = () => import('./pages/contact-home/ContactHomePage.tsx');
// A contact's work notice opens the app's root. Fetching that page's chunk now, beside the sign-in
// check, saves one round trip on a slow link; the lazy route reuses the same request.
if (window.location.pathname === `${basename}/` || window.location.pathname === basename) {
  void loadContactHome();
  // The same for the requests of the sign-in check and of the contact's project list.
  prefetch(['/api/me', '/api/my/projects', '/api/batches']);
}
const ContactHomePage = lazy(loadContactHome);
const ContactBatchPage = lazy(() => import('./pages/contact-batch/ContactBatchPage.tsx'));
const ProjectPage = lazy(() => import('./pages/project/ProjectPage.tsx'));
// The form brings zod, the date picker and the upload code, so only this route downloads them.
const ReportFormPage = lazy(() => import('./pages/report-form/ReportFormPage.tsx'));
const DraftsPage = lazy(() => import('./pages/drafts/DraftsPage.tsx'));
const AdminHomePage = lazy(() => import('./pages/admin-home/AdminHomePage.tsx'));
const AdminBatchPage = lazy(() => import('./pages/admin-batch/AdminBatchPage.tsx'));
const ReviewQueuePage = lazy(() => import('./pages/admin-reviews/ReviewQueuePage.tsx'));
const ReviewPage = lazy(() => import('./pages/admin-reviews/ReviewPage.tsx'));
const ChecklistPage = lazy(() => import('./pages/admin-checklist/ChecklistPage.tsx'));
const MessagesPage = lazy(() => import('./pages/admin-messages/MessagesPage.tsx'));
// ECharts comes only with this page.
const DashboardPage = lazy(() => import('./pages/admin-dashboard/DashboardPage.tsx'));
const ImportPage = lazy(() => import('./pages/admin-import/ImportPage.tsx'));
const AuditPage = lazy(() => import('./pages/admin-audit/AuditPage.tsx'));
const AdminProjectPage = lazy(() => import('./pages/admin-project/AdminProjectPage.tsx'));
const ContactsPage = lazy(() => import('./pages/admin-contacts/ContactsPage.tsx'));
const NotFoundPage = lazy(() => import('./pages/not-found/NotFoundPage.tsx'));

/** Starts every page with a fresh boundary, so a page that failed to load does not block the next one. */
function PageBoundary({ children }: { children: ReactNode }): ReactNode {
  const { pathname } = useLocation();
  return <PageLoadBoundary key={pathname}>{children}</PageLoadBoundary>;
}

export function App(): ReactNode {
  return (
    <BrowserRouter basename={basename}>
      <AuthProvider>
        <DraftAutoSend />
        <PageBoundary>
          <Suspense fallback={<PageSpinner />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                path="/"
                element={
                  <RequireAuth area="contact">
                    <ContactHomePage />
                  </RequireAuth>
                }
              />
              <Route
                path="/batches/:id"
                element={
                  <RequireAuth area="contact" otherAreaPath={({ id = '' }) => `/admin/batches/${id}`}>
                    <ContactBatchPage />
                  </RequireAuth>
                }
              />
              <Route path="/projects" element={<Navigate to="/" replace />} />
              <Route
                path="/projects/:id"
                element={
                  <RequireAuth area="contact" otherAreaPath={({ id = '' }) => `/admin/projects/${id}`}>
                    <ProjectPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/projects/:id/report/:stage"
                element={
                  <RequireAuth area="contact">
                    <ReportFormPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/drafts"
                element={
                  <RequireAuth area="contact">
                    <DraftsPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin"
                element={
                  <RequireAuth area="bureau">
                    <AdminHomePage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin/batches/:id"
                element={
                  <RequireAuth area="bureau" otherAreaPath={({ id = '' }) => `/batches/${id}`}>
                    <AdminBatchPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin/reviews"
                element={
                  <RequireAuth area="bureau">
                    <ReviewQueuePage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin/reviews/:id"
                element={
                  <RequireAuth area="bureau">
                    <ReviewPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin/checklist"
                element={
                  <RequireAuth area="bureau">
                    <ChecklistPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin/messages"
                element={
                  <RequireAuth area="bureau">
                    <MessagesPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin/dashboard"
                element={
                  <RequireAuth area="bureau">
                    <DashboardPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin/import"
                element={
                  <RequireAuth area="bureau">
                    <ImportPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin/audit"
                element={
                  <RequireAuth area="bureau">
                    <AuditPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin/projects/:id"
                element={
                  <RequireAuth area="bureau" otherAreaPath={({ id = '' }) => `/projects/${id}`}>
                    <AdminProjectPage />
                  </RequireAuth>
                }
              />
              <Route
                path="/admin/contacts"
                element={
                  <RequireAuth area="bureau">
                    <ContactsPage />
                  </RequireAuth>
                }
              />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Suspense>
        </PageBoundary>
      </AuthProvider>
    </BrowserRouter>
  );
}
