import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { PublicLayout } from './layouts/PublicLayout';
import { CITIZEN_ROLES } from './layouts/consoleNav';
import { RequireRoles } from './components/RequireRoles';
import Home from './pages/Home';
import { Forbidden, NotFound } from './pages/errors';

const PublicInfo = lazy(() => import('./pages/PublicInfo'));
const Login = lazy(() => import('./pages/Login'));
const Portal = lazy(() => import('./pages/portal/Portal'));
const ConsoleLayout = lazy(() => import('./layouts/ConsoleLayout'));
const Dashboard = lazy(() => import('./pages/console/Dashboard'));
const MySecurity = lazy(() => import('./pages/console/MySecurity'));
const Citizens = lazy(() => import('./pages/console/Citizens'));
const Staff = lazy(() => import('./pages/console/Staff'));
const SecurityAdmin = lazy(() => import('./pages/console/SecurityAdmin'));
const Audit = lazy(() => import('./pages/console/Audit'));

export function App() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route index element={<Home />} />
        <Route path="public" element={<PublicInfo />} />
        <Route path="login" element={<Login />} />
        <Route path="portal" element={<Portal />} />
        <Route path="403" element={<Forbidden />} />
        <Route path="*" element={<NotFound />} />
      </Route>
      <Route path="console" element={<ConsoleLayout />}>
        <Route index element={<Dashboard />} />
        <Route path="security" element={<MySecurity />} />
        <Route
          path="citizens"
          element={
            <RequireRoles roles={CITIZEN_ROLES}>
              <Citizens />
            </RequireRoles>
          }
        />
        <Route
          path="staff"
          element={
            <RequireRoles roles={['sysadmin']}>
              <Staff />
            </RequireRoles>
          }
        />
        <Route
          path="security-admin"
          element={
            <RequireRoles roles={['secadmin']}>
              <SecurityAdmin />
            </RequireRoles>
          }
        />
        <Route
          path="audit"
          element={
            <RequireRoles roles={['auditadmin']}>
              <Audit />
            </RequireRoles>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
