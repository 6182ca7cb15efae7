import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { PublicLayout } from './layouts/PublicLayout';
import {
  APPEAL_ROLES,
  CITIZEN_ROLES,
  CORRECTION_ROLES,
  CREDIT_ROLES,
  EMPLOYER_ROLES,
  EXCHANGE_LOG_ROLES,
  EXCHANGE_MANAGE_ROLES,
  INTEGRITY_ROLES,
  KPI_ROLES,
  PAYROLL_ROLES,
  PENSION_ROLES,
  REGISTRY_ROLES,
} from './layouts/consoleNav';
import { RequireRoles } from './components/RequireRoles';
import Home from './pages/Home';
import { Forbidden, NotFound } from './pages/errors';

const AppealsWall = lazy(() => import('./pages/public/AppealsWall'));
const PublicKpis = lazy(() => import('./pages/public/Kpis'));
const PublicFunds = lazy(() => import('./pages/public/Funds'));
const Disclosures = lazy(() => import('./pages/public/Disclosures'));
const Track = lazy(() => import('./pages/public/Track'));
const Login = lazy(() => import('./pages/Login'));
const Portal = lazy(() => import('./pages/portal/Portal'));
const NewAppeal = lazy(() => import('./pages/portal/NewAppeal'));
const MyAppeal = lazy(() => import('./pages/portal/MyAppeal'));
const MyDossier = lazy(() => import('./pages/portal/MyDossier'));
const MyDossierPrint = lazy(() => import('./pages/portal/MyDossierPrint'));
const DataAccess = lazy(() => import('./pages/portal/DataAccess'));
const MyCorrections = lazy(() => import('./pages/portal/MyCorrections'));
const MyCertification = lazy(() => import('./pages/portal/MyCertification'));
const MyContributions = lazy(() => import('./pages/portal/MyContributions'));
const PortalSignIn = lazy(() => import('./pages/portal/PortalSignIn'));
const ConsoleLayout = lazy(() => import('./layouts/ConsoleLayout'));
const Dashboard = lazy(() => import('./pages/console/Dashboard'));
const MySecurity = lazy(() => import('./pages/console/MySecurity'));
const Citizens = lazy(() => import('./pages/console/Citizens'));
const Registry = lazy(() => import('./pages/console/Registry'));
const Employers = lazy(() => import('./pages/console/Employers'));
const Corrections = lazy(() => import('./pages/console/Corrections'));
const Appeals = lazy(() => import('./pages/console/Appeals'));
const AppealDetail = lazy(() => import('./pages/console/AppealDetail'));
const StaffKpis = lazy(() => import('./pages/console/Kpis'));
const AppealConfig = lazy(() => import('./pages/console/AppealConfig'));
const Staff = lazy(() => import('./pages/console/Staff'));
const SecurityAdmin = lazy(() => import('./pages/console/SecurityAdmin'));
const Audit = lazy(() => import('./pages/console/Audit'));
const ExchangePartners = lazy(() => import('./pages/console/exchange/Partners'));
const ExchangeMessages = lazy(() => import('./pages/console/exchange/Messages'));
const Pensions = lazy(() => import('./pages/console/funds/Pensions'));
const Payroll = lazy(() => import('./pages/console/funds/Payroll'));
const Integrity = lazy(() => import('./pages/console/funds/Integrity'));
const CreditPage = lazy(() => import('./pages/console/credit/CreditPage'));

export function App() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route index element={<Home />} />
        <Route path="public" element={<AppealsWall />} />
        <Route path="public/kpis" element={<PublicKpis />} />
        <Route path="public/funds" element={<PublicFunds />} />
        <Route path="public/funds/disclosures" element={<Disclosures />} />
        <Route path="track/:trackingNo" element={<Track />} />
        <Route path="login" element={<Login />} />
        <Route path="portal" element={<Portal />} />
        <Route path="portal/appeals/new" element={<NewAppeal />} />
        <Route path="portal/appeals/:id" element={<MyAppeal />} />
        <Route path="portal/dossier" element={<MyDossier />} />
        <Route path="portal/dossier/print" element={<MyDossierPrint />} />
        <Route path="portal/data-access" element={<DataAccess />} />
        <Route path="portal/corrections" element={<MyCorrections />} />
        <Route path="portal/certification" element={<MyCertification />} />
        <Route path="portal/contributions" element={<MyContributions />} />
        <Route path="portal/signin" element={<PortalSignIn />} />
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
          path="registry"
          element={
            <RequireRoles roles={REGISTRY_ROLES}>
              <Registry />
            </RequireRoles>
          }
        />
        <Route
          path="employers"
          element={
            <RequireRoles roles={EMPLOYER_ROLES}>
              <Employers />
            </RequireRoles>
          }
        />
        <Route
          path="corrections"
          element={
            <RequireRoles roles={CORRECTION_ROLES}>
              <Corrections />
            </RequireRoles>
          }
        />
        <Route
          path="appeals"
          element={
            <RequireRoles roles={APPEAL_ROLES}>
              <Appeals />
            </RequireRoles>
          }
        />
        <Route
          path="appeals/:id"
          element={
            <RequireRoles roles={APPEAL_ROLES}>
              <AppealDetail />
            </RequireRoles>
          }
        />
        <Route
          path="pensions"
          element={
            <RequireRoles roles={PENSION_ROLES}>
              <Pensions />
            </RequireRoles>
          }
        />
        <Route
          path="payroll"
          element={
            <RequireRoles roles={PAYROLL_ROLES}>
              <Payroll />
            </RequireRoles>
          }
        />
        <Route
          path="integrity"
          element={
            <RequireRoles roles={INTEGRITY_ROLES}>
              <Integrity />
            </RequireRoles>
          }
        />
        <Route
          path="credit"
          element={
            <RequireRoles roles={CREDIT_ROLES}>
              <CreditPage />
            </RequireRoles>
          }
        />
        <Route
          path="kpis"
          element={
            <RequireRoles roles={KPI_ROLES}>
              <StaffKpis />
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
          path="appeal-config"
          element={
            <RequireRoles roles={['sysadmin']}>
              <AppealConfig />
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
        <Route
          path="exchange/partners"
          element={
            <RequireRoles roles={EXCHANGE_MANAGE_ROLES}>
              <ExchangePartners />
            </RequireRoles>
          }
        />
        <Route
          path="exchange/messages"
          element={
            <RequireRoles roles={EXCHANGE_LOG_ROLES}>
              <ExchangeMessages />
            </RequireRoles>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
