import { CitizenGate } from './CitizenGate';
import { PortalHome } from './PortalHome';

/** /portal: the citizen's login/sign-up, or their home once logged in. */
export default function Portal() {
  return <CitizenGate>{(me) => <PortalHome me={me} />}</CitizenGate>;
}
