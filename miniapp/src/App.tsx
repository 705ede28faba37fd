import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthContext.tsx';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { PageSpinner } from './common/Loaded.tsx';

// One chunk per page, so a contact's first download contains neither the bureau's pages nor the login page.
const LoginPage = lazy(() => import('./pages/login/LoginPage.tsx'));
const ContactHomePage = lazy(() => import('./pages/contact-home/ContactHomePage.tsx'));
const ContactBatchPage = lazy(() => import('./pages/contact-batch/ContactBatchPage.tsx'));
const AdminHomePage = lazy(() => import('./pages/admin-home/AdminHomePage.tsx'));
const AdminBatchPage = lazy(() => import('./pages/admin-batch/AdminBatchPage.tsx'));
const NotFoundPage = lazy(() => import('./pages/not-found/NotFoundPage.tsx'));

/** The base path under which the server serves the micro-app; DingTalk messages link below it. */
const basename = '/app';

export function App(): ReactNode {
  return (
    <BrowserRouter basename={basename}>
      <AuthProvider>
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
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </AuthProvider>
    </BrowserRouter>
  );
}
