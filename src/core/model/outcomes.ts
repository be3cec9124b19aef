/**
 * Outcomes the world reports back that people read about by name (each catalog names every one):
 * why a platform did not take a message, and a person's answer to an Outlook invitation. The ports
 * (chat-port.ts, calendar.ts) use these types.
 */
export type DeliveryFailure = 'not-installed' | 'not-member' | 'account' | 'credentials' | 'gave-up' | 'interrupted' | 'other';
export type CalendarResponse = 'accepted' | 'tentative' | 'declined' | 'none';
