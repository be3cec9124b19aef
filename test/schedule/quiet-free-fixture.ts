import { fixture } from '../helpers';

/** The test municipality without quiet hours, so tests that use the real clock never wait for morning. */
export const quietFreeFixture = () => fixture({ quietHours: { from: '00:00', to: '00:00', weekends: false } });
